// How values read on screen: dates in UTC (as the API writes them, and as the logs and CSV exports do), in
// the viewer's language; empty values as a dash.

/** An ISO date-time as a UTC date and time in the viewer's locale; '—' for none. */
export const formatDate = (iso: string | null): string => {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`;
};

export const orDash = (value: string | null): string => (value === null || value === '' ? '—' : value);

/** "1 number", "2 numbers". */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
