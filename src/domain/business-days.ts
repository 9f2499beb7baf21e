// Business-day arithmetic shared by port-in (the losing carrier's FOC date) and port-out (the owner's
// window to reject): both count Monday to Friday in UTC, with no holiday calendar.

export const DAY_MS = 86_400_000;

/** `days` business days (Monday to Friday, UTC) after `from`, keeping the time of day. */
export const addBusinessDays = (from: Date, days: number): Date => {
  let at = from.getTime();
  let left = days;
  while (left > 0) {
    at += DAY_MS;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(at);
};
