// The one configuration schema. Every setting has a config-file key, an environment variable and,
// where it is safe to pass on a command line, a flag. Secrets (the auth token) get no flag because
// command lines are visible to every user of the machine through `ps`. Carrier accounts (`carriers`) are
// one setting holding a JSON list; carrier-accounts.ts reads it with the carrier types it is handed.
// docs/configuration.md is checked against this table by a test, so the two cannot drift.

import { DEFAULT_SMS_GATING, SMS_GATING_MODES, type SmsGatingMode } from '../domain/messaging/sms-gate.ts';
import type { CarrierAccountSettings, CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { defaultRateCard } from '../domain/usage/rate-card.ts';
import { parseRateOverrides, type RateOverrides } from '../domain/usage/rate-card-overrides.ts';
import { accountNameAnyCase } from './carrier-account-names.ts';
import { parseCarrierAccounts } from './carrier-accounts.ts';
import {
  accountSid, authToken, boolean, httpUrl, integerIn, nonEmpty, optionalText, requiredHttpUrl, text, urlOfSchemes,
  type ConfigEnv, type RawValue,
} from './values.ts';

export type { RawValue } from './values.ts';

/** What a setting's parser may need besides its value. */
export interface SettingContext {
  /** The environment the loader was handed: values may refer to it ({"env": "NAME"}). */
  readonly env: ConfigEnv;
  /** The carrier types an account may be of (each carrier describes its own; the composition root lists them). */
  readonly carrierTypes: readonly CarrierSettingsSpec[];
}

export interface Setting<T> {
  /** Environment variable. */
  readonly env: string;
  /** Long CLI flag without the dashes, or null when the setting has none. */
  readonly flag: string | null;
  readonly description: string;
  readonly default: T;
  /** Human text for the default in docs and --help. */
  readonly defaultText: string;
  /**
   * Converts a raw value (env/flag string, or a JSON value from the file); throws Error with the reason
   * (ValueProblems for several). The context is handed in for values that refer to it.
   */
  readonly parse: (raw: RawValue, context: SettingContext) => T;
  /** The file holds JSON structure (an array) rather than a scalar; parse gets it as JSON text, as from the env. */
  readonly structured?: true;
  /** How a rejected value is shown in the error, null for not at all; by default, as given. */
  readonly echo?: (raw: RawValue) => string | null;
}

/** Secrets never appear in an error: logs and terminals are read by more people than the secret's owner. */
const hidden = (): null => null;

/** A database URL may carry a password: only its scheme is shown, or nothing when it has none. */
const schemeOnly = (raw: RawValue): string | null => {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(text(raw))?.[0];
  return scheme === undefined ? null : `a ${scheme} URL`;
};

const databaseUrl = (raw: RawValue): string => {
  const value = nonEmpty(raw);
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(value)) throw new Error('must start with sqlite: or postgres://');
  return value;
};

const smsGating = (raw: RawValue): SmsGatingMode => {
  const value = text(raw).toLowerCase();
  const found = SMS_GATING_MODES.find((mode) => mode === value);
  if (!found) throw new Error(`must be one of ${SMS_GATING_MODES.join(', ')}`);
  return found;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const logLevel = (raw: RawValue): LogLevel => {
  const value = text(raw).toLowerCase();
  const found = LOG_LEVELS.find((level) => level === value);
  if (!found) throw new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
  return found;
};

const poolLimit = (raw: RawValue): number | null => {
  const value = text(raw).toLowerCase();
  if (value === '' || value === 'unlimited') return null;
  return integerIn(1, 1_000_000)(raw);
};

/** 0 (off) or from 1 s to 1 day: a sweep is a few queries, but every few milliseconds would be a busy loop. */
const sweepInterval = (raw: RawValue): number => {
  const value = integerIn(0, 86_400_000)(raw);
  if (value !== 0 && value < 1_000) throw new Error('must be 0 (off) or an integer from 1000 to 86400000');
  return value;
};

/** smtp:// or smtps:// with a host; credentials (user:pass) are allowed, and why the value is never echoed. */
const smtpUrl = (raw: RawValue): string | null => {
  const parsed = urlOfSchemes(raw, ['smtp:', 'smtps:'], { notUrl: 'must be an smtp:// or smtps:// URL', scheme: 'must be an smtp:// or smtps:// URL' });
  if (parsed && parsed.url.hostname === '') throw new Error('must name the SMTP server\'s host');
  return parsed?.value ?? null;
};

/** Ties a setting's default to its parser's type. */
/** A structured setting's JSON text (from the environment, or the file's object passed on as text). */
const jsonObject = (raw: RawValue): unknown => {
  if (typeof raw !== 'string') return raw;
  if (text(raw) === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error('must be a JSON object (this is not valid JSON)');
  }
};

const setting = <T>(spec: Setting<T>): Setting<T> => spec;

export const SETTINGS = {
  port: setting<number>({
    env: 'MASQ_PORT', flag: 'port', default: 3000, defaultText: '3000',
    description: 'TCP port the HTTP server listens on; 0 picks a free port.',
    parse: integerIn(0, 65535),
  }),
  host: setting<string>({
    env: 'MASQ_HOST', flag: 'host', default: '127.0.0.1', defaultText: '127.0.0.1',
    description: 'Interface to bind; 0.0.0.0 to accept connections from other machines.',
    parse: nonEmpty,
  }),
  publicUrl: setting<string | null>({
    env: 'MASQ_PUBLIC_URL', flag: 'public-url', default: null, defaultText: 'http://localhost:<port>',
    description: 'Externally visible base URL, used for every `url`, `links` and `*_page_url` and for webhook signatures. '
      + 'With port 0 and no public URL, it is taken from each request\'s Host header.',
    parse: httpUrl,
  }),
  databaseUrl: setting<string>({
    env: 'MASQ_DATABASE_URL', flag: 'database-url', default: 'sqlite:./data/masq.db', defaultText: 'sqlite:./data/masq.db',
    description: 'Where data lives: `sqlite:<path>` (embedded) or `postgres://user:pass@host:5432/db`.',
    parse: databaseUrl,
    echo: schemeOnly,
  }),
  accountSid: setting<string | null>({
    env: 'MASQ_ACCOUNT_SID', flag: null, default: null, defaultText: 'unset (dev credentials)',
    description: 'Account SID (AC + 32 hex) created or updated at start. Set together with MASQ_AUTH_TOKEN. '
      + 'When both are unset, masq creates development credentials once, stores them in the database and prints them at start.',
    parse: accountSid,
  }),
  authToken: setting<string | null>({
    env: 'MASQ_AUTH_TOKEN', flag: null, default: null, defaultText: 'unset (dev credentials)',
    description: 'Auth token of MASQ_ACCOUNT_SID (HTTP Basic password, and the key webhooks are signed with). No CLI flag, on purpose.',
    parse: authToken,
    echo: hidden,
  }),
  defaultCarrier: setting<string>({
    env: 'MASQ_DEFAULT_CARRIER', flag: 'default-carrier', default: 'sandbox', defaultText: 'sandbox',
    description: 'Name of the carrier account that numbers added to a pool by PhoneNumber belong to: `sandbox`, '
      + 'or the name of an account in MASQ_CARRIERS (`twilio` for the legacy MASQ_TWILIO_* settings).',
    parse: accountNameAnyCase,
  }),
  carriers: setting<readonly CarrierAccountSettings[]>({
    env: 'MASQ_CARRIERS', flag: null, default: [], defaultText: 'none',
    description: 'Carrier accounts, a JSON array (a JSON string in the environment): each has a `type` (a carrier type, '
      + 'see docs/configuration.md), a unique lower-case `name` (what numbers and /webhooks/{name}/ refer to) and its credentials; '
      + 'any field may be {"env": "NAME"} to read it from an environment variable. No CLI flag, on purpose (it holds secrets).',
    parse: (raw, { env, carrierTypes }) => parseCarrierAccounts(raw, env, carrierTypes),
    structured: true,
    echo: hidden,
  }),
  twilioAccountSid: setting<string | null>({
    env: 'MASQ_TWILIO_ACCOUNT_SID', flag: 'twilio-account-sid', default: null, defaultText: 'unset (no legacy Twilio account)',
    description: 'Legacy alias: your Twilio account SID (AC + 32 hex). With MASQ_TWILIO_AUTH_TOKEN it defines the carrier account '
      + '`twilio` (as if listed in MASQ_CARRIERS), whose webhooks are under /webhooks/twilio/.',
    parse: accountSid,
  }),
  twilioAuthToken: setting<string | null>({
    env: 'MASQ_TWILIO_AUTH_TOKEN', flag: null, default: null, defaultText: 'unset (no legacy Twilio account)',
    description: 'Legacy alias: auth token of MASQ_TWILIO_ACCOUNT_SID, the `authToken` of the account `twilio`. No CLI flag, on purpose.',
    parse: authToken,
    echo: hidden,
  }),
  twilioApiUrl: setting<string>({
    env: 'MASQ_TWILIO_API_URL', flag: 'twilio-api-url', default: 'https://api.twilio.com', defaultText: 'https://api.twilio.com',
    description: 'Legacy alias: the `apiUrl` of the account `twilio` (messages are POSTed to /2010-04-01/Accounts/{sid}/Messages.json under it). '
      + 'Change it only for a test double.',
    parse: requiredHttpUrl,
  }),
  logLevel: setting<LogLevel>({
    env: 'MASQ_LOG_LEVEL', flag: 'log-level', default: 'info', defaultText: 'info',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    parse: logLevel,
  }),
  poolLimit: setting<number | null>({
    env: 'MASQ_POOL_LIMIT', flag: 'pool-limit', default: null, defaultText: 'unlimited',
    description: 'Maximum numbers in one service\'s pool (error 80622 beyond it). Unset or `unlimited` means no limit.',
    parse: poolLimit,
  }),
  callbackAllowPrivate: setting<boolean>({
    env: 'MASQ_CALLBACK_ALLOW_PRIVATE', flag: 'callback-allow-private', default: false, defaultText: 'false',
    description: 'Allow callbacks (CallbackUrl, InterceptCallbackUrl, OutOfSessionCallbackUrl) to private, loopback and link-local '
      + 'addresses. Off by default: callback URLs are set by API users, and masq must not become a way to reach the operator\'s '
      + 'internal network (SSRF). Turn it on for development or when your application runs on a private network.',
    parse: boolean,
  }),
  interceptTimeoutMs: setting<number>({
    env: 'MASQ_INTERCEPT_TIMEOUT_MS', flag: 'intercept-timeout-ms', default: 3000, defaultText: '3000',
    description: 'How long an InterceptCallbackUrl may take before the interaction proceeds anyway (the carrier is waiting).',
    parse: integerIn(100, 15_000),
  }),
  outOfSessionTimeoutMs: setting<number>({
    env: 'MASQ_OUT_OF_SESSION_TIMEOUT_MS', flag: 'out-of-session-timeout-ms', default: 5000, defaultText: '5000',
    description: 'How long an OutOfSessionCallbackUrl may take before the default out-of-session behaviour applies.',
    parse: integerIn(100, 15_000),
  }),
  callbackTimeoutMs: setting<number>({
    env: 'MASQ_CALLBACK_TIMEOUT_MS', flag: 'callback-timeout-ms', default: 10_000, defaultText: '10000',
    description: 'Timeout of each `CallbackUrl` delivery attempt. Jobs (callbacks, API forwards) are leased for twice this plus 5 s.',
    parse: integerIn(100, 60_000),
  }),
  callbackMaxAttempts: setting<number>({
    env: 'MASQ_CALLBACK_MAX_ATTEMPTS', flag: 'callback-max-attempts', default: 12, defaultText: '12',
    description: 'Delivery attempts of one callback (exponential backoff from 1 s, capped at 10 min) before it is given up. '
      + 'Given-up callbacks stay visible with their last error.',
    parse: integerIn(1, 100),
  }),
  outOfSessionReply: setting<string | null>({
    env: 'MASQ_OUT_OF_SESSION_REPLY', flag: 'out-of-session-reply', default: null, defaultText: 'unset (silence)',
    description: 'What a sender hears or reads when their traffic matches no open session and the service has no '
      + 'OutOfSessionCallbackUrl: unset means silence (the message is dropped, the call rejected); a text is sent back as a '
      + 'reply SMS, or spoken to the caller.',
    parse: optionalText,
  }),
  numberSweepIntervalMs: setting<number>({
    env: 'MASQ_NUMBER_SWEEP_INTERVAL_MS', flag: 'number-sweep-interval-ms', default: 60_000, defaultText: '60000 (1 minute)',
    description: 'How often the number lifecycle sweeper runs: quarantines that end (recycled or returned to the carrier) or are '
      + 'extended, inactive numbers flagged, warned and released (docs/numbers.md). The registration, port-in, port-out and '
      + 'lease-billing passes run at the same interval. 0 turns them off in this process.',
    parse: sweepInterval,
  }),
  smsGating: setting<SmsGatingMode>({
    env: 'MASQ_SMS_GATING', flag: 'sms-gating', default: DEFAULT_SMS_GATING, defaultText: DEFAULT_SMS_GATING,
    description: 'US SMS registration gating (docs/messaging.md#gating) for accounts whose NumberPolicy sets none: enforce (an SMS from an '
      + 'unregistered US number fails with 30032-30035, and the allocator never picks such a number), warn (sent, with a warning) or off. '
      + 'Production on US numbers should set enforce.',
    parse: smsGating,
  }),
  sandboxInboxSize: setting<number>({
    env: 'MASQ_SANDBOX_INBOX_SIZE', flag: 'sandbox-inbox-size', default: 100, defaultText: '100',
    description: 'Messages the sandbox keeps per virtual phone (in memory, oldest dropped first).',
    parse: integerIn(1, 100_000),
  }),
  sandbox: setting<boolean>({
    env: 'MASQ_SANDBOX', flag: 'sandbox', default: true, defaultText: 'on',
    description: 'The sandbox carrier (a simulated phone network) and its /sandbox routes: on for the quick start, '
      + 'off in production (no /sandbox routes, no sandbox carrier; set MASQ_DEFAULT_CARRIER to a real carrier).',
    parse: boolean,
  }),
  sandboxMemoryBytes: setting<number>({
    env: 'MASQ_SANDBOX_MEMORY_BYTES', flag: 'sandbox-memory-bytes', default: 32 * 1024 * 1024, defaultText: '33554432 (32 MiB)',
    description: 'Bytes of messages and calls the sandbox keeps in memory overall; the oldest are dropped first.',
    parse: integerIn(64 * 1024, 4 * 1024 * 1024 * 1024),
  }),
  sandboxPhoneBytes: setting<number>({
    env: 'MASQ_SANDBOX_PHONE_BYTES', flag: 'sandbox-phone-bytes', default: 1024 * 1024, defaultText: '1048576 (1 MiB)',
    description: 'Bytes of messages the sandbox keeps per virtual phone; the oldest are dropped first.',
    parse: integerIn(64 * 1024, 1024 * 1024 * 1024),
  }),
  smtpUrl: setting<string | null>({
    env: 'MASQ_SMTP_URL', flag: null, default: null, defaultText: 'unset (email off)',
    description: 'SMTP server for email out (flows\' voicemail and message-by-email actions): smtp://user:pass@host:587 (STARTTLS when '
      + 'offered) or smtps://user:pass@host:465. Unset: email actions fail, logged. No CLI flag, on purpose (it may hold a password).',
    parse: smtpUrl,
    echo: schemeOnly,
  }),
  smtpFrom: setting<string>({
    env: 'MASQ_SMTP_FROM', flag: 'smtp-from', default: 'masq@localhost', defaultText: 'masq@localhost',
    description: 'The From address of email masq sends (an address your SMTP server lets you send from).',
    parse: nonEmpty,
  }),
  recordingsDir: setting<string | null>({
    env: 'MASQ_RECORDINGS_DIR', flag: 'recordings-dir', default: null,
    defaultText: 'a recordings directory beside the SQLite file; ./masq-data/recordings with PostgreSQL',
    description: 'Directory of recordings\' audio (voicemail, <Record>). Several instances on PostgreSQL must share it (a network file system).',
    parse: optionalText,
  }),
  consoleDir: setting<string | null>({
    env: 'MASQ_CONSOLE_DIR', flag: 'console-dir', default: null,
    defaultText: 'the console built with masq (console/dist)',
    description: 'Directory of the built web console served at /console/, or `off` for no console.',
    parse: optionalText,
  }),
  rates: setting<RateOverrides>({
    env: 'MASQ_RATES', flag: null, default: {}, defaultText: 'none (each account\'s kind default)',
    description: 'Rate card overrides per carrier account, a JSON object (a JSON string in the environment): account name -> any part of '
      + 'its card (prices as decimal strings, e.g. {"sandbox": {"sms": {"local": {"outbound": "0.0079"}}}}); see docs/usage.md.',
    parse: (raw) => parseRateOverrides(jsonObject(raw), defaultRateCard('twilio')),
    structured: true,
  }),
};

export type SettingKey = keyof typeof SETTINGS;

type SettingValues = { readonly [K in SettingKey]: (typeof SETTINGS)[K]['default'] };

// `carriers` alone is not the whole story (the legacy MASQ_TWILIO_* alias adds an account), so Config
// carries only the resolved list, under a name of its own.
export type Config = Omit<SettingValues, 'carriers'> & {
  /** Every carrier account: the `carriers` list plus the legacy `twilio` alias, env references resolved, defaults applied. */
  readonly carrierAccounts: readonly CarrierAccountSettings[];
  /** The JSON file the settings were read from, if any (MASQ_CONFIG / --config). */
  readonly configFile: string | null;
};

/** MASQ_CONFIG / --config: the JSON file layered between defaults and the environment. */
export const CONFIG_FILE_SETTING = {
  env: 'MASQ_CONFIG',
  flag: 'config',
  description: 'Path of a JSON file with any of the settings above, keyed by their camelCase names (e.g. `{"port": 8080}`).',
  defaultText: 'none',
} as const;
