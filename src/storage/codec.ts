// Column <-> domain conversions shared by every repo. See schema.ts for why dates are ISO text on the
// way in and flags are 0/1.

/** Dates go in as ISO-8601 with milliseconds and 'Z': chronological as text on SQLite, exact on timestamptz. */
export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** PostgreSQL returns timestamptz as Date; SQLite returns the text we stored. */
export const readDate = (v: Date | string): Date => (v instanceof Date ? new Date(v.getTime()) : new Date(v));
export const readDateOrNull = (v: Date | string | null): Date | null => (v === null ? null : readDate(v));

export const flag = (b: boolean): number => (b ? 1 : 0);
export const isSet = (f: number): boolean => f === 1;

/** Aggregates come back as numbers on SQLite and as int8/numeric strings on PostgreSQL. */
export const toCount = (v: string | number | bigint | null): number => (v === null ? 0 : Number(v));

/** Narrows a stored text value to one of the domain's literal unions; a mismatch means a corrupt row. */
export const oneOf = <T extends string>(allowed: readonly T[], value: string, column: string): T => {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`unexpected ${column} value in storage: ${value}`);
  return found;
};
export const oneOfOrNull = <T extends string>(allowed: readonly T[], value: string | null, column: string): T | null =>
  value === null ? null : oneOf(allowed, value, column);
