// The composition root: the one place that picks concrete adapters (store, carriers, clock, ids) and
// hands them to the use cases as AppDeps. Everything else receives its collaborators.
import { randomBytes } from 'node:crypto';
import { bootstrapAccount, type BootstrapResult } from './app/bootstrap-account.ts';
import type { AppDeps, CallbackSettings } from './app/deps.ts';
import { expireSessions } from './app/expire-sessions.ts';
import { createCarrierRegistry } from './carriers/registry.ts';
import { SandboxCarrier } from './carriers/sandbox/carrier.ts';
import { SandboxNetwork } from './carriers/sandbox/network.ts';
import type { Config } from './config/schema.ts';
import { AppError } from './domain/errors.ts';
import { createSidGenerator } from './domain/sid.ts';
import type { Clock } from './ports/clock.ts';
import type { Ids } from './ports/ids.ts';
import type { SandboxPhones } from './ports/sandbox.ts';
import { openStore } from './storage/open-store.ts';
import { createHttpWebhookSender } from './webhooks/http-webhook-sender.ts';
import { masqVersion } from './cli/version.ts';


export type RuntimeConfig = Pick<Config, 'databaseUrl' | 'accountSid' | 'authToken' | 'defaultCarrier' | 'poolLimit' | 'sandboxInboxSize' | 'callbackAllowPrivate'
  | 'interceptTimeoutMs' | 'outOfSessionTimeoutMs' | 'callbackTimeoutMs' | 'callbackMaxAttempts' | 'outOfSessionReply'>;

const callbackSettings = (config: RuntimeConfig): CallbackSettings => ({
  interceptTimeoutMs: config.interceptTimeoutMs,
  outOfSessionTimeoutMs: config.outOfSessionTimeoutMs,
  deliveryTimeoutMs: config.callbackTimeoutMs,
  maxDeliveryAttempts: config.callbackMaxAttempts,
  outOfSessionDefault: config.outOfSessionReply ? { kind: 'reply', text: config.outOfSessionReply } : { kind: 'silence' },
});

export interface Runtime {
  readonly deps: AppDeps;
  /** The sandbox carrier's virtual phones (GET /sandbox/phones/:number/messages). */
  readonly sandbox: SandboxPhones;
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
}

const systemClock: Clock = { now: () => new Date() };

const cryptoIds = (): Ids => {
  const sid = createSidGenerator((bytes) => randomBytes(bytes));
  return { sid, token: (bytes = 16) => randomBytes(bytes).toString('hex') };
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

export const createRuntime = async (config: RuntimeConfig, options: RuntimeOptions = {}): Promise<Runtime> => {
  const clock = options.clock ?? systemClock;
  const ids = cryptoIds();
  const network = new SandboxNetwork({ messagesPerPhone: config.sandboxInboxSize });
  const carriers = createCarrierRegistry([new SandboxCarrier({ network, ids, clock })]);
  if (!carriers.names().includes(config.defaultCarrier)) {
    throw new AppError(80701, `MASQ_DEFAULT_CARRIER '${config.defaultCarrier}' is not a configured carrier (configured: ${carriers.names().join(', ')})`);
  }
  const store = await openStore(config.databaseUrl);
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
  return {
    deps,
    sandbox: network,
    account,
    close: async () => {
      await stopSweeper();
      await store.close();
    },
  };
};
