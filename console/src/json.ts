// The API's JSON arrives as `unknown` and is read through these small readers, never cast: a missing
// or mistyped field becomes an empty value the page can show ("—"), not a crash deep in a render.
export type Json = unknown;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const field = (o: unknown, key: string): unknown => (isRecord(o) ? o[key] : undefined);

/** A string field; numbers and booleans are shown as text; anything else is ''. */
export const str = (o: unknown, key: string): string => {
  const value = field(o, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
};

/** A string field that may be null or absent (Twilio's JSON spells "no value" as null). */
export const optStr = (o: unknown, key: string): string | null => {
  const value = field(o, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
};

/** A number field; numeric strings (Twilio sends some counts as strings) are read too; else NaN. */
export const num = (o: unknown, key: string): number => {
  const value = field(o, key);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
};

export const bool = (o: unknown, key: string): boolean => field(o, key) === true;

export const list = (o: unknown, key: string): unknown[] => {
  const value = field(o, key);
  return Array.isArray(value) ? value : [];
};

export const obj = (o: unknown, key: string): Record<string, unknown> => {
  const value = field(o, key);
  return isRecord(value) ? value : {};
};

/** Parses a JSON text; a body that is not JSON reads as null. */
export const parseJson = (text: string): unknown => {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return null;
  }
};
