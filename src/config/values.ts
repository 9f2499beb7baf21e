// Value parsers shared by the settings table (schema.ts) and the carrier accounts (carrier-accounts.ts).
// Each converts a raw value or throws an Error saying why; none puts the value in its message, so the
// caller alone decides whether a rejected value may be shown.

export type RawValue = string | number | boolean;

/** The environment as the loader was handed it: the only place env references are resolved from. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** Several reasons one value was rejected, reported as separate problems rather than one long line. */
export class ValueProblems extends Error {
  readonly reasons: readonly string[];
  constructor(reasons: readonly string[]) {
    super(reasons.join('; '));
    this.name = 'ValueProblems';
    this.reasons = reasons;
  }
}

export const text = (raw: RawValue): string => String(raw).trim();

export const integerIn = (min: number, max: number) => (raw: RawValue): number => {
  const value = typeof raw === 'number' ? raw : /^-?\d+$/.test(text(raw)) ? Number(text(raw)) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`must be an integer from ${min} to ${max}`);
  return value;
};

export const nonEmpty = (raw: RawValue): string => {
  const value = text(raw);
  if (value === '') throw new Error('must not be empty');
  return value;
};

export const boolean = (raw: RawValue): boolean => {
  if (typeof raw === 'boolean') return raw;
  const value = text(raw).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off', ''].includes(value)) return false;
  throw new Error('must be true or false');
};

export const optionalText = (raw: RawValue): string | null => (text(raw) === '' ? null : text(raw));

/** Turns an optional parser (null for "not given") into one that insists on a value. */
export const required = <T>(parse: (raw: RawValue) => T | null) => (raw: RawValue): T => {
  const value = parse(raw);
  if (value === null) throw new Error('must not be empty');
  return value;
};

export const httpUrl = (raw: RawValue): string | null => {
  const value = text(raw);
  if (value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be an http or https URL');
  if (url.search || url.hash) throw new Error('must not carry a query string or fragment');
  // URLs are built as base + '/v1/...' (or a carrier's API path), so keep no trailing slash.
  return value.replace(/\/+$/, '');
};

export const requiredHttpUrl = required(httpUrl);

export const accountSid = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null && !/^AC[0-9a-fA-F]{32}$/.test(value)) throw new Error('must be AC followed by 32 hex digits');
  return value;
};

export const authToken = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null && value.length < 8) throw new Error('must be at least 8 characters');
  return value;
};
