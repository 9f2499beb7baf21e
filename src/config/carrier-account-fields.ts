// Reading the fields of one carrier account. Any field may be written as {"env": "NAME"} so a secret
// need not sit in a config file; it is then read from the environment the loader was handed (never
// process.env, so tests and `masq serve` decide where it comes from). Problems are collected, not
// thrown, so one run reports every mistake; they name the account and the field, never a value.
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import type { ConfigEnv, RawValue } from './values.ts';

export interface AccountFieldReader {
  /** The parsed field, or undefined when it was missing or rejected (the problem is recorded). */
  required<T>(field: string, parse: (raw: RawValue) => T): T | undefined;
  /** Like required, but a missing field, or one the parser reads as "not given" (null), takes the fallback. */
  optional<T>(field: string, parse: (raw: RawValue) => T | null, fallback: T): T | undefined;
}

export const isJsonObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEnvReference = (value: unknown): value is { readonly env: unknown } =>
  isJsonObject(value) && Object.keys(value).length === 1 && 'env' in value;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field's text: as written, or from the environment variable it names; undefined when absent. */
const fieldText = (value: unknown, env: ConfigEnv): RawValue | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (!isEnvReference(value)) throw new Error('must be a string or {"env": "NAME"}');
  const name = value.env;
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    throw new Error('must name an environment variable: {"env": "NAME"}, NAME of letters, digits and underscores');
  }
  const found = env[name];
  if (found === undefined) throw new Error(`refers to the environment variable ${name}, which is not set`);
  return found;
};

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const accountFieldReader = (
  account: Readonly<Record<string, unknown>>,
  label: string,
  env: ConfigEnv,
  problems: string[],
): AccountFieldReader => {
  const read = <T>(field: string, parse: (raw: RawValue) => T | null, fallback: T | undefined): T | undefined => {
    try {
      const raw = fieldText(account[field], env);
      const value = raw === undefined ? null : parse(raw);
      if (value !== null) return value;
      if (fallback === undefined) throw new Error('is required');
      return fallback;
    } catch (err) {
      problems.push(`${label} field ${field}: ${reasonOf(err)}`);
      return undefined;
    }
  };
  return {
    required: (field, parse) => read(field, parse, undefined),
    optional: (field, parse, fallback) => read(field, parse, fallback),
  };
};

/**
 * An account's settings as its type's spec describes them, each field read (and each problem recorded)
 * in the spec's order; null when any field was missing or rejected.
 */
export const readSettings = (read: AccountFieldReader, spec: CarrierSettingsSpec): Readonly<Record<string, string | null>> | null => {
  const settings: Record<string, string | null> = {};
  let complete = true;
  for (const [field, setting] of Object.entries(spec.fields)) {
    const value = setting.required ? read.required(field, setting.parse) : read.optional(field, setting.parse, setting.default);
    if (value === undefined) complete = false;
    else settings[field] = value;
  }
  return complete ? settings : null;
};
