// The runtime's SmsGateEvents: counts warnings by code (read by /metrics) and hands them to the process's
// reporter (`masq serve` writes a log line). Counting stays here so the HTTP layer only reads it.
//
// In the default 'warn' mode every message from an unregistered US number is a warning: reporting each one
// would write a log line per message (and cost a measurable share of the routing path). Each sending number
// and code is reported once per `reportEveryMs` instead, with how many were sent since; the counter still
// counts every one.
import type { Clock } from '../ports/clock.ts';
import type { SmsGateEvents, SmsGateWarning } from '../ports/sms-gate-events.ts';

/** A warning as reported: the latest one, and how many like it (same account, number and code) since the last report. */
export type ReportedWarning = SmsGateWarning & { readonly occurrences: number };

export interface SmsGateTallyOptions {
  readonly report?: (warning: ReportedWarning) => void;
  readonly clock: Clock;
  /** Default: one report per account, sending number and code per hour. */
  readonly reportEveryMs?: number;
}

/** Keys remembered at most; the oldest is forgotten first (a forgotten number is simply reported again). */
const MAX_REMEMBERED = 10_000;

export const createSmsGateTally = (options: SmsGateTallyOptions): SmsGateEvents => {
  const totals = new Map<number, number>();
  const reported = new Map<string, { at: number; since: number }>();
  const every = options.reportEveryMs ?? 3_600_000;
  return {
    warned(warning) {
      totals.set(warning.code, (totals.get(warning.code) ?? 0) + 1);
      if (!options.report) return;
      const key = `${warning.accountSid} ${warning.from} ${warning.code}`;
      const now = options.clock.now().getTime();
      const last = reported.get(key);
      if (last && now - last.at < every) {
        last.since += 1;
        return;
      }
      reported.delete(key);
      if (reported.size >= MAX_REMEMBERED) {
        const oldest = reported.keys().next().value;
        if (oldest !== undefined) reported.delete(oldest);
      }
      reported.set(key, { at: now, since: 0 });
      options.report({ ...warning, occurrences: (last?.since ?? 0) + 1 });
    },
    totals: () => totals,
  };
};
