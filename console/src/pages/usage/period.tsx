// The period the usage page shows: two UTC days (inclusive, as the API takes them), kept in the address
// with whether subaccounts count, so a period can be bookmarked. Presets cover the usual questions.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { href } from '../../paths.ts';
import { daysBefore, isoDay } from '../common/format.ts';

export interface Period {
  readonly from: string;
  readonly to: string;
  readonly subaccounts: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Daily records are read one page per category: at most 1,000 days, and a year is plenty for a chart. */
export const MAX_DAYS = 366;

const firstOfMonth = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

export const presets = (now: Date): readonly (readonly [string, Period])[] => {
  const first = firstOfMonth(now);
  const lastMonthEnd = daysBefore(first, 1);
  return [
    ['This month', { from: isoDay(first), to: isoDay(now), subaccounts: false }],
    ['Last 7 days', { from: isoDay(daysBefore(now, 6)), to: isoDay(now), subaccounts: false }],
    ['Last 30 days', { from: isoDay(daysBefore(now, 29)), to: isoDay(now), subaccounts: false }],
    ['Last month', { from: isoDay(firstOfMonth(lastMonthEnd)), to: isoDay(lastMonthEnd), subaccounts: false }],
  ];
};

/** The days from `from` to `to`, both included (UTC). */
export const daysOf = (period: Period): readonly string[] => {
  const days: string[] = [];
  const end = new Date(`${period.to}T00:00:00Z`).getTime();
  for (let t = new Date(`${period.from}T00:00:00Z`).getTime(); t <= end && days.length <= MAX_DAYS; t += 86_400_000) days.push(isoDay(new Date(t)));
  return days;
};

/** Why a period cannot be shown, or null. */
export const periodProblem = (p: Period): string | null => {
  if (!DAY.test(p.from) || !DAY.test(p.to)) return 'Give both days as YYYY-MM-DD.';
  if (p.from > p.to) return 'The first day comes after the last.';
  if (daysOf(p).length > MAX_DAYS) return `Choose at most ${MAX_DAYS} days.`;
  return null;
};

export const usePeriod = (): { period: Period; choose: (p: Period) => void } => {
  const { query, route } = useLocation();
  const [defaults] = presets(new Date());
  const fallback = defaults?.[1] ?? { from: isoDay(new Date()), to: isoDay(new Date()), subaccounts: false };
  const period: Period = { from: query['from'] ?? fallback.from, to: query['to'] ?? fallback.to, subaccounts: query['subaccounts'] === 'true' };
  const choose = (p: Period) => {
    const params = new URLSearchParams({ from: p.from, to: p.to, ...(p.subaccounts ? { subaccounts: 'true' } : {}) });
    route(`${href('/usage')}?${params.toString()}`);
  };
  return { period, choose };
};

export const PeriodPicker = ({ period, choose }: { readonly period: Period; readonly choose: (p: Period) => void }) => {
  const [draft, setDraft] = useState(period);
  const key = `${period.from}|${period.to}|${period.subaccounts}`;
  useEffect(() => setDraft(period), [key]);
  const problem = periodProblem(draft);
  return (
    <form class="filters" aria-label="Period" onSubmit={(e) => { e.preventDefault(); if (!problem) choose(draft); }}>
      <div class="field">
        <label for="period-from">From (UTC day)</label>
        <input id="period-from" type="date" value={draft.from} required onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="period-to">To (included)</label>
        <input id="period-to" type="date" value={draft.to} required onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={draft.subaccounts} onChange={(e) => setDraft({ ...draft, subaccounts: e.currentTarget.checked })} />
        Include subaccounts
      </label>
      <div class="actions"><button type="submit" class="primary" disabled={problem !== null}>Show</button></div>
      {problem ? <p class="field-error" role="alert">{problem}</p> : null}
      <div class="toolbar" role="group" aria-label="Quick periods">
        {presets(new Date()).map(([label, p]) => (
          <button type="button" key={label} aria-pressed={p.from === period.from && p.to === period.to} onClick={() => choose({ ...p, subaccounts: draft.subaccounts })}>{label}</button>
        ))}
      </div>
    </form>
  );
};
