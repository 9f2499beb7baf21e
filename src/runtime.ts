// The composition root: the one place that picks concrete adapters (store, carriers, clock, ids) and
// hands them to the use cases as AppDeps. Everything else receives its collaborators.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { bootstrapAccount, type BootstrapResult } from './app/bootstrap-account.ts';
import type { AppDeps, CallbackSettings } from './app/deps.ts';
import { expireSessions } from './app/expire-sessions.ts';
import { JOB_HANDLERS } from './app/job-handlers.ts';
import { createLifecycle } from './app/lifecycle.ts';
import { periodicTask } from './app/periodic-task.ts';
import { runDueJobs } from './app/run-jobs.ts';
import { numberSweeper } from './app/sweep-numbers.ts';
import { billDueLeases } from './app/bill-leases.ts';
import { billCampaignMonths } from './app/campaigns/bill-campaign-months.ts';
import { createSmsGateTally, type ReportedWarning } from './app/sms-gate-tally.ts';
import { sweepRegistrations } from './app/registration-sweeper.ts';
import { sweepPortOuts } from './app/port-out/port-out-sweeper.ts';
import { sweepPortIns } from './app/porting/port-in-sweeper.ts';
import { createCarrierAccounts } from './carriers/registry.ts';
import { createSandboxAccount, SANDBOX_CARRIER, SandboxCarrier } from './carriers/sandbox/carrier.ts';
import { SandboxNetwork } from './carriers/sandbox/network.ts';
import { SIGNALWIRE_CARRIER } from './carriers/signalwire/carrier-type.ts';
import { TELNYX_CARRIER } from './carriers/telnyx/carrier-type.ts';
import { TWILIO_CARRIER } from './carriers/twilio/carrier-type.ts';
import { SMPP_CARRIER } from './carriers/smpp/carrier-type.ts';
import { SIP_CARRIER } from './carriers/sip/carrier-type.ts';
import { carrierLinkTask } from './app/carrier-links.ts';
import type { Config } from './config/schema.ts';
import type { CarrierAccountSettings } from './domain/carrier-settings.ts';
import { AppError } from './domain/errors.ts';
import { rateCardsOf, type RateCards } from './domain/usage/rate-card.ts';
import { resolveRateCards } from './domain/usage/rate-card-overrides.ts';
import { createSidGenerator } from './domain/sid.ts';
import type { Clock } from './ports/clock.ts';
import type { BackgroundTask, TaskHealth } from './ports/background.ts';
import type { CarrierAccount, CarrierType } from './ports/carrier.ts';
import type { Ids } from './ports/ids.ts';
import type { SandboxPhones } from './ports/sandbox.ts';
import type { Store } from './ports/store.ts';
import { openStore } from './storage/open-store.ts';
import { openRecordingStorage } from './storage/recordings-place.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import { createHttpWebhookSender } from './webhooks/http-webhook-sender.ts';
import { masqVersion } from './cli/version.ts';


export type RuntimeConfig = Pick<Config, 'databaseUrl' | 'accountSid' | 'authToken' | 'defaultCarrier' | 'poolLimit' | 'sandboxInboxSize' | 'sandbox' | 'sandboxMemoryBytes' | 'sandboxPhoneBytes' | 'callbackAllowPrivate'
  | 'interceptTimeoutMs' | 'outOfSessionTimeoutMs' | 'callbackTimeoutMs' | 'callbackMaxAttempts' | 'outOfSessionReply'
  | 'publicUrl' | 'carrierAccounts' | 'numberSweepIntervalMs' | 'smsGating'> & Partial<Pick<Config, 'rates'>>
  // Email and recordings: absent means email off and recordings in their default place (storage/recordings-place.ts).
  & Partial<Pick<Config, 'smtpUrl' | 'smtpFrom' | 'recordingsDir'>>
  // The level of the runtime's own logger (carrier accounts' problems); absent: warnings and worse.
  & Partial<Pick<Config, 'logLevel'>>;

/**
 * The web console's built files: MASQ_CONSOLE_DIR, or the console/dist that `npm run build` makes beside
 * src/ and dist/ (both one level under the package root), or null for `off` (no /console routes).
 */
export const consoleDirectory = (config: Pick<Config, 'consoleDir'>): string | null => {
  if (config.consoleDir?.toLowerCase() === 'off') return null;
  return config.consoleDir ?? fileURLToPath(new URL('../console/dist/', import.meta.url));
};

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
  /** How the background tasks (sweeper, job worker, carrier connectors) are doing. */
  health(): readonly TaskHealth[];
  /** Stops every background task (letting in-flight work finish), then closes the store. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** How often expired sessions are closed in the background; 0 turns the sweeper off (tests). */
  readonly sweepIntervalMs?: number;
  readonly clock?: Clock;
  /** Where sweeper failures are reported; the server passes its logger. */
  readonly onSweepError?: (err: unknown) => void;
  /** How often the job worker runs (callback deliveries, API sends); 0 turns it off (tests drive runDueJobs). */
  readonly jobIntervalMs?: number;
  /** Where job-worker failures (storage errors, not a customer's failed callback) are reported. */
  readonly onJobError?: (err: unknown) => void;
  /** Where the number sweeper reports a failed pass, or a number it could not move on (a carrier refusing a release). */
  readonly onNumberSweepError?: (err: unknown) => void;
  /** Where an SMS that gating let through in 'warn' mode is reported (a log line); it is counted either way. */
  /** Where a warn-mode gating warning is reported: once per account, sending number and code per hour (sms-gate-tally.ts). */
  readonly onSmsGateWarning?: (warning: ReportedWarning) => void;
  /** Where a carrier link's lease could not be taken or renewed (a database failure) is reported. */
  readonly onLinkError?: (err: unknown) => void;
  /** Where carrier accounts report their own problems (a child per account, at warn); by default pino on stderr at config.logLevel. */
  readonly logger?: Logger;
}

/** {publicUrl}/webhooks/{account}: where an account's carrier calls masq, when the public URL is known. */
const webhookBaseOf = (config: RuntimeConfig, name: string): string | null => (config.publicUrl ? `${config.publicUrl}/webhooks/${name}` : null);

/**
 * The carrier types masq is built with, in the order configuration lists them ("must be one of ..."): the
 * one place that names every carrier. A new carrier adds its folder's CarrierType here, and nothing else.
 */
export const CARRIER_TYPES: readonly CarrierType[] = [TWILIO_CARRIER, SIGNALWIRE_CARRIER, TELNYX_CARRIER, SMPP_CARRIER, SIP_CARRIER];

/** What configuration reads for each carrier type (loadConfig's `carrierTypes`). */
export const CARRIER_SETTINGS = CARRIER_TYPES.map((carrierType) => carrierType.settings);

/** One configured account, built by its carrier type. */
const accountOf = (config: RuntimeConfig, account: CarrierAccountSettings, logger: Logger): CarrierAccount => {
  const carrierType = CARRIER_TYPES.find((candidate) => candidate.settings.type === account.type);
  // Configuration admits only these types; an account built by hand (a test, an embedder) may not.
  if (!carrierType) {
    const known = CARRIER_TYPES.map((candidate) => candidate.settings.type).join(', ');
    throw new AppError('parameter-invalid', `Carrier account '${account.name}' is of type '${account.type}', which masq does not know (known: ${known})`);
  }
  // A link's problems (an SMPP bind, a SIP call) happen outside any request: a warning naming the account.
  const log = logger.child({ carrier: account.name, carrierType: account.type });
  return carrierType.create(account, webhookBaseOf(config, account.name), { onProblem: (problem, err) => log.warn(err === undefined ? {} : { err }, problem) });
};

/** The configured carrier accounts (the sandbox apart). */
const realAccountsOf = (config: RuntimeConfig, logger: Logger): CarrierAccount[] => config.carrierAccounts.map((account) => accountOf(config, account, logger));

/** The sandbox carrier and its network, unless MASQ_SANDBOX=off: then neither its routes nor the carrier exist. */
const sandboxOf = (config: RuntimeConfig, store: Store, ids: Ids, clock: Clock): { carrier: SandboxCarrier; network: SandboxNetwork } | null => {
  if (!config.sandbox) return null;
  const network = new SandboxNetwork({
    messagesPerPhone: config.sandboxInboxSize, bytes: config.sandboxMemoryBytes, bytesPerPhone: config.sandboxPhoneBytes,
  });
  const ownerOf = async (e164: string) => {
    // Any live inventory record: a number bought but in no pool yet, or quarantined, still reaches masq.
    const number = await store.findLiveNumber(e164);
    return number ? { accountSid: number.accountSid, carrier: number.carrier } : null;
  };
  return { network, carrier: new SandboxCarrier({ network, ids, clock, ownerOf }) };
};

/** Each carrier account's rate card: its kind's default with the `rates` overrides (checked: names must be accounts). */
const rateCardsOfConfig = (config: RuntimeConfig): RateCards => {
  const accounts = [...(config.sandbox ? [{ name: SANDBOX_CARRIER, type: 'sandbox' }] : []), ...config.carrierAccounts];
  const { cards, problems } = resolveRateCards(accounts, config.rates ?? {});
  if (problems.length > 0) throw new AppError('parameter-invalid', `MASQ_RATES: ${problems.join('; ')}`);
  return rateCardsOf(cards);
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

const JOB_BATCH = 20;
const SWEEP_BATCH = 500;

/** The background tasks of a process; an interval of 0 leaves a task out (tests drive it by hand). */
const backgroundTasks = (deps: AppDeps, options: RuntimeOptions, numberSweepInterval: number): BackgroundTask[] => {
  const tasks: BackgroundTask[] = [];
  const sweepInterval = options.sweepIntervalMs ?? 15_000;
  if (sweepInterval > 0) {
    // Expired sessions never route anyway (invariant 3); the sweeper only frees their numbers promptly.
    tasks.push(periodicTask({
      name: 'session-sweeper', intervalMs: sweepInterval, clock: deps.clock, onError: options.onSweepError ?? (() => undefined),
      pass: async () => ((await expireSessions(deps)) >= SWEEP_BATCH ? 'more' : 'done'),
    }));
  }
  if (numberSweepInterval > 0) {
    // Number leases: each active number billed once per period of its card's lease model (docs/usage.md);
    // then 10DLC campaigns, their monthly fee once per calendar month (docs/messaging.md, "Campaign fees").
    tasks.push(periodicTask({
      name: 'lease-billing', intervalMs: numberSweepInterval, clock: deps.clock, onError: options.onNumberSweepError ?? (() => undefined),
      pass: async () => {
        const [leases, campaigns] = [await billDueLeases(deps), await billCampaignMonths(deps)];
        return leases.more || campaigns.more ? 'more' : 'done';
      },
    }));
    // Quarantines ending or extended, inactive numbers flagged, warned and released (docs/numbers.md).
    const onError = options.onNumberSweepError ?? (() => undefined);
    const sweep = numberSweeper(deps, { onProblem: onError });
    tasks.push(periodicTask({
      name: 'number-sweeper', intervalMs: numberSweepInterval, clock: deps.clock, onError,
      pass: async () => ((await sweep()).more ? 'more' : 'done'),
    }));
    // Port-ins: unsigned requests expiring, submissions answered by the losing carrier, FOC dates reached (docs/porting.md).
    tasks.push(periodicTask({
      name: 'port-in-sweeper', intervalMs: numberSweepInterval, clock: deps.clock, onError,
      pass: async () => ((await sweepPortIns(deps)).more ? 'more' : 'done'),
    }));
    // Port-outs whose due date has come: the number leaves the inventory (docs/porting.md, "Port out").
    tasks.push(periodicTask({
      name: 'port-out-sweeper', intervalMs: numberSweepInterval, clock: deps.clock, onError,
      pass: async () => ((await sweepPortOuts(deps, { onProblem: onError })).more ? 'more' : 'done'),
    }));
    // Brands, campaigns and toll-free verifications the sandbox registry has due (docs/messaging.md).
    tasks.push(periodicTask({
      name: 'registration-sweeper', intervalMs: numberSweepInterval, clock: deps.clock, onError,
      pass: async () => ((await sweepRegistrations(deps)).more ? 'more' : 'done'),
    }));
  }
  const jobInterval = options.jobIntervalMs ?? 1_000;
  if (jobInterval > 0) {
    // Callbacks and API forwards owed; anything left undone stays in the database for the next start (or another instance).
    tasks.push(periodicTask({
      name: 'job-worker', intervalMs: jobInterval, clock: deps.clock, onError: options.onJobError ?? (() => undefined),
      pass: async () => {
        const { done, failed } = await runDueJobs(deps, JOB_HANDLERS, JOB_BATCH);
        return done + failed >= JOB_BATCH ? 'more' : 'done';
      },
    }));
  }
  // Carrier links (SMPP binds), each held by one instance at a time through a lease (app/carrier-links.ts);
  // listed last, so they are stopped (unbound) first, before the job worker that sends through them.
  const holder = deps.ids.token(16);
  for (const name of deps.carriers.names()) {
    const link = deps.carriers.find(name)?.link;
    if (link) tasks.push(carrierLinkTask(deps, name, link, { holder, onError: options.onLinkError ?? (() => undefined) }));
  }
  return tasks;
};

export const createRuntime = async (config: RuntimeConfig, options: RuntimeOptions = {}): Promise<Runtime> => {
  const clock = options.clock ?? systemClock;
  const ids = cryptoIds();
  const realAccounts = realAccountsOf(config, options.logger ?? pino({ level: config.logLevel ?? 'warn' }, pino.destination({ dest: 2, sync: true })));
  checkDefaultCarrier(config, realAccounts.map((account) => account.name));
  const rateCards = rateCardsOfConfig(config);
  // A long-running process: SQLite's WAL checkpoints move off the event loop (see sqlite-dialect.ts).
  const store = await openStore(config.databaseUrl, { backgroundCheckpoints: true });
  const sandbox = sandboxOf(config, store, ids, clock);
  const carriers = createCarrierAccounts([...(sandbox ? [createSandboxAccount(sandbox.carrier)] : []), ...realAccounts]);
  const webhooks = createHttpWebhookSender({ allowPrivate: config.callbackAllowPrivate, userAgent: `masq/${masqVersion()}` });
  const deps: AppDeps = {
    store, clock, ids, carriers, webhooks,
    settings: { defaultCarrier: config.defaultCarrier, defaultPoolLimit: config.poolLimit, callbacks: callbackSettings(config), smsGating: config.smsGating, rateCards, publicUrl: config.publicUrl },
    smsGateEvents: createSmsGateTally({ clock, ...(options.onSmsGateWarning && { report: options.onSmsGateWarning }) }),
    mailer: createSmtpMailer({ url: config.smtpUrl ?? null, from: config.smtpFrom ?? 'masq@localhost' }),
    recordingStorage: openRecordingStorage(config.databaseUrl, config.recordingsDir ?? null),
  };
  let account: BootstrapResult;
  try {
    const credentials = config.accountSid && config.authToken ? { accountSid: config.accountSid, authToken: config.authToken } : null;
    account = await bootstrapAccount(deps, credentials);
  } catch (err) {
    await store.close();
    throw err;
  }
  const lifecycle = createLifecycle(backgroundTasks(deps, options, config.numberSweepIntervalMs));
  lifecycle.start();
  return {
    deps,
    sandbox: sandbox?.network ?? null,
    account,
    health: () => lifecycle.health(),
    close: async () => {
      await lifecycle.stop();
      await store.close();
    },
  };
};
