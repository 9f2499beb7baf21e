// The composition root: the one place that picks concrete adapters (store, carriers, clock, ids) and
// hands them to the use cases as AppDeps. Everything else receives its collaborators.
import { randomBytes } from 'node:crypto';
import { bootstrapAccount, type BootstrapResult } from './app/bootstrap-account.ts';
import type { AppDeps, CallbackSettings } from './app/deps.ts';
import { deliverCallback } from './app/deliver-webhooks.ts';
import { expireSessions } from './app/expire-sessions.ts';
import { runDueJobs, type JobHandlers } from './app/run-jobs.ts';
import { createCarrierAccounts } from './carriers/registry.ts';
import { createSandboxAccount, SANDBOX_CARRIER, SandboxCarrier } from './carriers/sandbox/carrier.ts';
import { SandboxNetwork } from './carriers/sandbox/network.ts';
import { createSignalWireAccount } from './carriers/signalwire/account.ts';
import { createTelnyxAccount } from './carriers/telnyx/account.ts';
import { createTwilioAccount } from './carriers/twilio/account.ts';
import type { CarrierAccountConfig } from './config/carrier-accounts.ts';
import type { Config } from './config/schema.ts';
import { AppError } from './domain/errors.ts';
import { createSidGenerator } from './domain/sid.ts';
import type { Clock } from './ports/clock.ts';
import type { CarrierAccount } from './ports/carrier.ts';
import type { Ids } from './ports/ids.ts';
import type { SandboxPhones } from './ports/sandbox.ts';
import type { Store } from './ports/store.ts';
import { openStore } from './storage/open-store.ts';
import { createHttpWebhookSender } from './webhooks/http-webhook-sender.ts';
import { masqVersion } from './cli/version.ts';


export type RuntimeConfig = Pick<Config, 'databaseUrl' | 'accountSid' | 'authToken' | 'defaultCarrier' | 'poolLimit' | 'sandboxInboxSize' | 'sandbox' | 'sandboxMemoryBytes' | 'sandboxPhoneBytes' | 'callbackAllowPrivate'
  | 'interceptTimeoutMs' | 'outOfSessionTimeoutMs' | 'callbackTimeoutMs' | 'callbackMaxAttempts' | 'outOfSessionReply'
  | 'publicUrl' | 'carrierAccounts'>;

const callbackSettings = (config: RuntimeConfig): CallbackSettings => ({
  interceptTimeoutMs: config.interceptTimeoutMs,
  outOfSessionTimeoutMs: config.outOfSessionTimeoutMs,
  deliveryTimeoutMs: config.callbackTimeoutMs,
  maxDeliveryAttempts: config.callbackMaxAttempts,
  outOfSessionDefault: config.outOfSessionReply ? { kind: 'reply', text: config.outOfSessionReply } : { kind: 'silence' },
});

export interface Runtime {
  readonly deps: AppDeps;
  /** The sandbox carrier's virtual phones (the /sandbox routes); null when the sandbox is off (MASQ_SANDBOX=off). */
  readonly sandbox: SandboxPhones | null;
  /** The account this installation serves, and whether it was just created. */
  readonly account: BootstrapResult;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** How often expired sessions are closed in the background; 0 turns the sweeper off (tests). */
  readonly sweepIntervalMs?: number;
  readonly clock?: Clock;
  /** Where sweeper failures are reported; the server passes its logger. */
  readonly onSweepError?: (err: unknown) => void;
  /** How often the job worker runs (callback deliveries, API sends); 0 turns it off (tests drive runDueJobs). */
  readonly webhookIntervalMs?: number;
  /** Where job-worker failures (storage errors, not a customer's failed callback) are reported. */
  readonly onWebhookError?: (err: unknown) => void;
}

/** {publicUrl}/webhooks/{account}: where an account's carrier calls masq, when the public URL is known. */
const webhookBaseOf = (config: RuntimeConfig, name: string): string | null => (config.publicUrl ? `${config.publicUrl}/webhooks/${name}` : null);

/** One configured account, built by its carrier's adapter: the only place that knows every carrier type. */
const accountOf = (config: RuntimeConfig, account: CarrierAccountConfig): CarrierAccount => {
  const webhookBase = webhookBaseOf(config, account.name);
  switch (account.type) {
    case 'twilio': return createTwilioAccount({ ...account, webhookBase });
    case 'signalwire': return createSignalWireAccount({ ...account, webhookBase });
    case 'telnyx': return createTelnyxAccount({ ...account, webhookBase });
  }
};

/** The configured carrier accounts (the sandbox apart). */
const realAccountsOf = (config: RuntimeConfig): CarrierAccount[] => config.carrierAccounts.map((account) => accountOf(config, account));

/** The sandbox carrier and its network, unless MASQ_SANDBOX=off: then neither its routes nor the carrier exist. */
const sandboxOf = (config: RuntimeConfig, store: Store, ids: Ids, clock: Clock): { carrier: SandboxCarrier; network: SandboxNetwork } | null => {
  if (!config.sandbox) return null;
  const network = new SandboxNetwork({
    messagesPerPhone: config.sandboxInboxSize, bytes: config.sandboxMemoryBytes, bytesPerPhone: config.sandboxPhoneBytes,
  });
  const ownerOf = async (e164: string) => {
    const number = await store.findNumberByE164(e164);
    return number ? { accountSid: number.accountSid, carrier: number.carrier } : null;
  };
  return { network, carrier: new SandboxCarrier({ network, ids, clock, ownerOf }) };
};

/** Checked before the database opens, so a wrong carrier setting fails fast and says what to set. */
const checkDefaultCarrier = (config: RuntimeConfig, realCarriers: readonly string[]): void => {
  const configured = [...(config.sandbox ? [SANDBOX_CARRIER] : []), ...realCarriers];
  if (configured.includes(config.defaultCarrier)) return;
  const hint = config.defaultCarrier === SANDBOX_CARRIER && !config.sandbox
    ? ' (the sandbox is off: set MASQ_DEFAULT_CARRIER to a real carrier such as twilio)'
    : '';
  throw new AppError('parameter-invalid', `MASQ_DEFAULT_CARRIER '${config.defaultCarrier}' is not a configured carrier${hint}; configured: ${configured.join(', ') || 'none'}`);
};

const systemClock: Clock = { now: () => new Date() };

/**
 * CSPRNG bytes handed out from a pooled buffer: an inbound message mints two or three ids, and a
 * randomBytes() call per id showed in the webhook's profile. A spent pool is replaced, never refilled, so
 * bytes already handed out never change.
 */
const pooledRandom = (poolSize = 4096) => {
  let pool = randomBytes(poolSize);
  let offset = 0;
  return (bytes: number): Uint8Array => {
    if (bytes > poolSize) return randomBytes(bytes);
    if (offset + bytes > poolSize) {
      pool = randomBytes(poolSize);
      offset = 0;
    }
    offset += bytes;
    return pool.subarray(offset - bytes, offset);
  };
};

/** SIDs and tokens from the pooled CSPRNG: what `masq serve` mints ids with (the benchmarks' floor server too). */
export const cryptoIds = (): Ids => {
  const random = pooledRandom();
  const sid = createSidGenerator(random);
  return { sid, token: (bytes = 16) => Buffer.from(random(bytes)).toString('hex') };
};

/** Expired sessions never route anyway (invariant 3); the sweeper only frees their numbers promptly. */
const startSweeper = (deps: AppDeps, intervalMs: number, onError: (err: unknown) => void): (() => Promise<void>) => {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = expireSessions(deps).catch(onError);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
};

const JOB_BATCH = 20;

/** The job kinds this process runs, each with its handler (app/run-jobs.ts). */
const JOB_HANDLERS: JobHandlers = { callback: deliverCallback };

/**
 * Runs the jobs owed in the background. Passes never overlap; a full batch is followed at once by the next
 * pass, so a backlog drains without waiting a tick per batch. Stopping lets the in-flight pass finish, and
 * anything left undone stays in the database for the next start (or another instance).
 */
const startJobWorker = (deps: AppDeps, handlers: JobHandlers, intervalMs: number, onError: (err: unknown) => void): (() => Promise<void>) => {
  let running: Promise<void> | null = null;
  let stopped = false;
  const drain = async (): Promise<void> => {
    while (!stopped) {
      const { done, failed } = await runDueJobs(deps, handlers, JOB_BATCH);
      if (done + failed < JOB_BATCH) return;
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = drain().catch(onError).finally(() => { running = null; });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
};

export const createRuntime = async (config: RuntimeConfig, options: RuntimeOptions = {}): Promise<Runtime> => {
  const clock = options.clock ?? systemClock;
  const ids = cryptoIds();
  const realAccounts = realAccountsOf(config);
  checkDefaultCarrier(config, realAccounts.map((account) => account.name));
  // A long-running process: SQLite's WAL checkpoints move off the event loop (see sqlite-dialect.ts).
  const store = await openStore(config.databaseUrl, { backgroundCheckpoints: true });
  const sandbox = sandboxOf(config, store, ids, clock);
  const carriers = createCarrierAccounts([...(sandbox ? [createSandboxAccount(sandbox.carrier)] : []), ...realAccounts]);
  const webhooks = createHttpWebhookSender({ allowPrivate: config.callbackAllowPrivate, userAgent: `masq/${masqVersion()}` });
  const deps: AppDeps = {
    store, clock, ids, carriers, webhooks,
    settings: { defaultCarrier: config.defaultCarrier, defaultPoolLimit: config.poolLimit, callbacks: callbackSettings(config) },
  };
  let account: BootstrapResult;
  try {
    const credentials = config.accountSid && config.authToken ? { accountSid: config.accountSid, authToken: config.authToken } : null;
    account = await bootstrapAccount(deps, credentials);
  } catch (err) {
    await store.close();
    throw err;
  }
  const interval = options.sweepIntervalMs ?? 15_000;
  const stopSweeper = interval > 0 ? startSweeper(deps, interval, options.onSweepError ?? (() => undefined)) : async () => undefined;
  const webhookInterval = options.webhookIntervalMs ?? 1_000;
  const stopWebhooks = webhookInterval > 0 ? startJobWorker(deps, JOB_HANDLERS, webhookInterval, options.onWebhookError ?? (() => undefined)) : async () => undefined;
  return {
    deps,
    sandbox: sandbox?.network ?? null,
    account,
    close: async () => {
      await Promise.all([stopSweeper(), stopWebhooks()]);
      await store.close();
    },
  };
};
