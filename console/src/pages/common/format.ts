// How F's pages show the API's values: UTC dates (the API's own clock, so a date reads the same as in
// the JSON and the CSV), money in its currency, and a dash for "no value".
export const DASH = '—';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2030-01-02T03:04:05Z` (or an RFC 2822 date) → `2030-01-02 03:04 UTC`; empty or unreadable → '—'. */
export const dateTime = (value: string | null): string => {
  if (value === null || value === '') return DASH;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
};

/** A day as the API writes it (`YYYY-MM-DD`, UTC). */
export const isoDay = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The UTC day `days` before (negative: after) `from`. */
export const daysBefore = (from: Date, days: number): Date => new Date(from.getTime() - days * 86_400_000);

/** An amount in its currency (`usd` → `$1.1946`); up to four decimals, since per-segment rates are fractions of a cent. */
export const money = (value: number, currency = 'usd'): string => {
  if (!Number.isFinite(value)) return DASH;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(value);
  } catch {
    return `${value.toFixed(4)} ${currency.toUpperCase()}`;
  }
};

/** A count with thousands separators; not a number → '—'. */
export const count = (value: number): string => (Number.isFinite(value) ? new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value) : DASH);

export const orDash = (value: string | null): string => (value === null || value === '' ? DASH : value);

/** `porting-out` → `Porting out`, `TWILIO_APPROVED` → `Twilio approved`: a status as words. */
export const words = (value: string): string => {
  const spaced = value.replace(/[-_]+/g, ' ').trim().toLowerCase();
  return spaced === '' ? DASH : spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
