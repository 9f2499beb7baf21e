// Parsers of setting values, shared by masq's own settings (src/config) and carrier types' settings
// (src/carriers/*/settings.ts). Each converts a raw value or throws an Error saying why; none puts the
// value in its message, so the caller alone decides whether a rejected value may be shown (most
// carrier fields are secrets).

/** A value as configuration hands it over: text from the environment or a flag, a scalar from the file. */
export type RawValue = string | number | boolean;

export const text = (raw: RawValue): string => String(raw).trim();

export const nonEmpty = (raw: RawValue): string => {
  const value = text(raw);
  if (value === '') throw new Error('must not be empty');
  return value;
};

/** Null for "not given" (empty), so an optional setting falls back to its default. */
export const optionalText = (raw: RawValue): string | null => (text(raw) === '' ? null : text(raw));

/** A whole number from `min` to `max`, kept as its canonical text (carrier settings are strings). */
export const wholeNumber = (min: number, max: number) => (raw: RawValue): string => {
  const value = text(raw);
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new Error(`must be a whole number from ${min} to ${max}`);
  return String(Number(value));
};

/** One of `values`, compared in lower case. */
export const oneOf = (values: readonly string[]) => (raw: RawValue): string => {
  const value = text(raw).toLowerCase();
  if (!values.includes(value)) throw new Error(`must be one of ${values.join(', ')}`);
  return value;
};

/** An optional ISO 3166 alpha-2 country code, upper-cased (the country national numbers belong to). */
export const isoCountry = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null && !/^[A-Za-z]{2}$/.test(value)) throw new Error('must be an ISO 3166 alpha-2 country code such as GB');
  return value === null ? null : value.toUpperCase();
};

/** Turns an optional parser (null for "not given") into one that insists on a value. */
export const required = <T>(parse: (raw: RawValue) => T | null) => (raw: RawValue): T => {
  const value = parse(raw);
  if (value === null) throw new Error('must not be empty');
  return value;
};

/** An absolute URL whose scheme is one of `schemes` (e.g. ['http:', 'https:']); null when empty; the errors say what is wrong. */
export const urlOfSchemes = (raw: RawValue, schemes: readonly string[], errors: { readonly notUrl: string; readonly scheme: string }): { value: string; url: URL } | null => {
  const value = text(raw);
  if (value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(errors.notUrl);
  }
  if (!schemes.includes(url.protocol)) throw new Error(errors.scheme);
  return { value, url };
};

export const httpUrl = (raw: RawValue): string | null => {
  const parsed = urlOfSchemes(raw, ['http:', 'https:'], { notUrl: 'must be an absolute http(s) URL', scheme: 'must be an http or https URL' });
  if (!parsed) return null;
  const { value, url } = parsed;
  if (url.search || url.hash) throw new Error('must not carry a query string or fragment');
  // URLs are built as base + '/v1/...' (or a carrier's API path), so keep no trailing slash.
  return value.replace(/\/+$/, '');
};

export const requiredHttpUrl = required(httpUrl);

/** A Twilio-style account SID (masq's own accounts use the same shape). */
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuid = (raw: RawValue): string => {
  const value = nonEmpty(raw);
  if (!UUID.test(value)) throw new Error('must be a UUID such as 8c4b1a2e-6f0d-4e5b-9a7c-3d2e1f0a9b8c');
  return value;
};
