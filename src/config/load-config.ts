// The pure configuration loader: defaults < JSON config file < environment (MASQ_*) < CLI flags.
// It reads nothing itself; the caller hands in the environment, the arguments and a file reader, so
// tests (and `masq serve`) decide where values come from. Nor does it know any carrier type: the
// composition root hands in each type's settings spec (runtime.ts's CARRIER_SETTINGS).
import { parseArgs } from 'node:util';
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { withLegacyTwilioAccount } from './legacy-twilio-alias.ts';
import { CONFIG_FILE_SETTING, SETTINGS, type Config, type Setting, type SettingContext, type SettingKey } from './schema.ts';
import { ValueProblems, type ConfigEnv, type RawValue } from './values.ts';

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface ConfigSources {
  /** The environment: MASQ_* settings, and the variables carrier accounts refer to with {"env": "NAME"}. */
  readonly env: ConfigEnv;
  readonly argv: readonly string[];
  /** Reads the config file named by MASQ_CONFIG / --config; omit it and a named file is an error. */
  readonly file?: (path: string) => string;
  /** The carrier types an account in `carriers` may be of: their fields, checks and defaults. */
  readonly carrierTypes: readonly CarrierSettingsSpec[];
}

const SETTING_KEYS = Object.keys(SETTINGS).filter((k): k is SettingKey => k in SETTINGS);

type Layer = Partial<Record<SettingKey, RawValue>>;

/** Long flags accepted by loadConfig (and so by `masq serve`). */
export const configFlags = (): Record<string, { type: 'string' }> => {
  const flags: Record<string, { type: 'string' }> = { [CONFIG_FILE_SETTING.flag]: { type: 'string' } };
  for (const key of SETTING_KEYS) {
    const flag = SETTINGS[key].flag;
    if (flag) flags[flag] = { type: 'string' };
  }
  return flags;
};

const flagLayer = (argv: readonly string[], problems: string[]): { layer: Layer; configFile: string | undefined } => {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: configFlags(), strict: true, allowPositionals: false }).values;
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
    return { layer: {}, configFile: undefined };
  }
  const layer: Layer = {};
  for (const key of SETTING_KEYS) {
    const flag = SETTINGS[key].flag;
    const value = flag ? values[flag] : undefined;
    if (typeof value === 'string') layer[key] = value;
  }
  const configFile = values[CONFIG_FILE_SETTING.flag];
  return { layer, configFile: typeof configFile === 'string' ? configFile : undefined };
};

const envLayer = (env: ConfigSources['env']): Layer => {
  const layer: Layer = {};
  for (const key of SETTING_KEYS) {
    const value = env[SETTINGS[key].env];
    if (value !== undefined) layer[key] = value;
  }
  return layer;
};

const isRawValue = (value: unknown): value is RawValue =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const fileLayer = (path: string, read: ConfigSources['file'], problems: string[]): Layer => {
  if (!read) {
    problems.push(`config file ${path} was named but cannot be read here`);
    return {};
  }
  let content: string;
  try {
    content = read(path);
  } catch (err) {
    problems.push(`config file ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be a secret.
    problems.push(`config file ${path}: not valid JSON`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`config file ${path}: must hold a JSON object`);
    return {};
  }
  const layer: Layer = {};
  for (const [name, value] of Object.entries(parsed)) {
    const key = SETTING_KEYS.find((k) => k === name);
    if (!key) problems.push(`config file ${path}: unknown setting "${name}" (known: ${SETTING_KEYS.join(', ')})`);
    else if (value === null) continue;
    // A structured setting (the carriers list) is handed on as the JSON text the environment would give.
    else if (SETTINGS[key].structured && typeof value === 'object') layer[key] = JSON.stringify(value);
    else if (!isRawValue(value)) problems.push(`config file ${path}: "${name}" must be a string, number or boolean`);
    else layer[key] = value;
  }
  return layer;
};

const sourceName = (key: SettingKey, flags: Layer, env: Layer): string => {
  const flag = SETTINGS[key].flag;
  if (key in flags && flag) return `--${flag}`;
  if (key in env) return SETTINGS[key].env;
  return `config file "${key}"`;
};

interface ValueSource {
  readonly raw: RawValue | undefined;
  readonly where: string;
  readonly context: SettingContext;
}

const reasonsOf = (err: unknown): readonly string[] =>
  err instanceof ValueProblems ? err.reasons : [err instanceof Error ? err.message : String(err)];

/** One setting's value from the highest layer that has it; on a bad value, records why and keeps the default. */
const valueOf = <T>(setting: Setting<T>, { raw, where, context }: ValueSource, problems: string[]): T => {
  if (raw === undefined) return setting.default;
  try {
    return setting.parse(raw, context);
  } catch (err) {
    const shown = setting.echo ? setting.echo(raw) : JSON.stringify(raw);
    for (const reason of reasonsOf(err)) problems.push(`${where}: ${reason}${shown === null ? '' : ` (got ${shown})`}`);
    return setting.default;
  }
};

/** Judged on what was given, so a malformed SID is reported once, not also as a missing pair. */
const checkCredentials = (given: (key: SettingKey) => boolean, problems: string[]): void => {
  if (given('accountSid') !== given('authToken')) {
    problems.push(`${SETTINGS.accountSid.env} and ${SETTINGS.authToken.env} must be set together (or both left unset for dev credentials)`);
  }
  if (given('twilioAccountSid') !== given('twilioAuthToken')) {
    problems.push(`${SETTINGS.twilioAccountSid.env} and ${SETTINGS.twilioAuthToken.env} must be set together`);
  }
};

export const loadConfig = (sources: ConfigSources): Config => {
  const problems: string[] = [];
  const flags = flagLayer(sources.argv, problems);
  const env = envLayer(sources.env);
  const configFile = flags.configFile ?? sources.env[CONFIG_FILE_SETTING.env] ?? null;
  const file = configFile ? fileLayer(configFile, sources.file, problems) : {};
  const context: SettingContext = { env: sources.env, carrierTypes: sources.carrierTypes };
  const source = (key: SettingKey): ValueSource =>
    ({ raw: flags.layer[key] ?? env[key] ?? file[key], where: sourceName(key, flags.layer, env), context });
  const get = <K extends Exclude<SettingKey, 'carriers'>>(key: K, setting: Setting<Config[K]>): Config[K] =>
    valueOf(setting, source(key), problems);
  const twilioLegacy = {
    accountSid: get('twilioAccountSid', SETTINGS.twilioAccountSid),
    authToken: get('twilioAuthToken', SETTINGS.twilioAuthToken),
    apiUrl: get('twilioApiUrl', SETTINGS.twilioApiUrl),
  };
  const carrierAccounts = withLegacyTwilioAccount(
    valueOf(SETTINGS.carriers, source('carriers'), problems),
    twilioLegacy,
    { legacy: source('twilioAccountSid').where, list: source('carriers').where },
    problems,
  );
  const port = get('port', SETTINGS.port);
  const config: Config = {
    port,
    host: get('host', SETTINGS.host),
    // With port 0 the real port is known only after listening, so the base comes from the Host header.
    publicUrl: get('publicUrl', SETTINGS.publicUrl) ?? (port === 0 ? null : `http://localhost:${port}`),
    databaseUrl: get('databaseUrl', SETTINGS.databaseUrl),
    accountSid: get('accountSid', SETTINGS.accountSid),
    authToken: get('authToken', SETTINGS.authToken),
    defaultCarrier: get('defaultCarrier', SETTINGS.defaultCarrier),
    carrierAccounts,
    twilioAccountSid: twilioLegacy.accountSid,
    twilioAuthToken: twilioLegacy.authToken,
    twilioApiUrl: twilioLegacy.apiUrl,
    logLevel: get('logLevel', SETTINGS.logLevel),
    poolLimit: get('poolLimit', SETTINGS.poolLimit),
    numberSweepIntervalMs: get('numberSweepIntervalMs', SETTINGS.numberSweepIntervalMs),
    smsGating: get('smsGating', SETTINGS.smsGating),
    sandboxInboxSize: get('sandboxInboxSize', SETTINGS.sandboxInboxSize),
    sandbox: get('sandbox', SETTINGS.sandbox),
    sandboxMemoryBytes: get('sandboxMemoryBytes', SETTINGS.sandboxMemoryBytes),
    sandboxPhoneBytes: get('sandboxPhoneBytes', SETTINGS.sandboxPhoneBytes),
    rates: get('rates', SETTINGS.rates),
    smtpUrl: get('smtpUrl', SETTINGS.smtpUrl),
    smtpFrom: get('smtpFrom', SETTINGS.smtpFrom),
    recordingsDir: get('recordingsDir', SETTINGS.recordingsDir),
    consoleDir: get('consoleDir', SETTINGS.consoleDir),
    callbackAllowPrivate: get('callbackAllowPrivate', SETTINGS.callbackAllowPrivate),
    interceptTimeoutMs: get('interceptTimeoutMs', SETTINGS.interceptTimeoutMs),
    outOfSessionTimeoutMs: get('outOfSessionTimeoutMs', SETTINGS.outOfSessionTimeoutMs),
    callbackTimeoutMs: get('callbackTimeoutMs', SETTINGS.callbackTimeoutMs),
    callbackMaxAttempts: get('callbackMaxAttempts', SETTINGS.callbackMaxAttempts),
    outOfSessionReply: get('outOfSessionReply', SETTINGS.outOfSessionReply),
    configFile,
  };
  checkCredentials((key) => String(flags.layer[key] ?? env[key] ?? file[key] ?? '').trim() !== '', problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

/**
 * The configuration with every default and nothing from the environment: for embedded uses (demo, tests).
 * Nothing is read, so there is no carriers list and no carrier type is needed; accounts come as overrides.
 */
export const defaultConfig = (overrides: Partial<Config> = {}): Config => ({ ...loadConfig({ env: {}, argv: [], carrierTypes: [] }), ...overrides });
