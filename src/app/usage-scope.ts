// What every usage read shares: whose records it sums (the account and, with IncludeSubaccounts, the
// subaccounts it owns, closed ones included: their usage happened) and which days it covers (StartDate
// and EndDate as Twilio takes them, else the list's default).
import type { Account } from '../domain/account.ts';
import { invalidParameter, notFound } from '../domain/errors.ts';
import { addDays, parseUsageDate, type DayPeriod } from '../domain/usage/usage-periods.ts';
import type { AccountRepo, PageCursor } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface UsageScope {
  readonly account: Account;
  readonly accountSids: readonly string[];
  /** The earliest creation among them: no usage is older, so all-time lists start there. */
  readonly since: Date;
}

const FAMILY_PAGE = 1000;

/** The accounts a usage read covers. A subaccount owns none, so it only ever covers itself. */
export const usageScope = async (deps: DepsWith<AccountRepo>, accountSid: string, includeSubaccounts: boolean): Promise<UsageScope> => {
  const account = await deps.store.getAccount(accountSid);
  if (!account) throw notFound(`/Accounts/${accountSid}`);
  if (!includeSubaccounts || account.ownerAccountSid !== null) return { account, accountSids: [account.sid], since: account.dateCreated };
  const accounts: Account[] = [];
  let after: PageCursor | undefined;
  for (;;) {
    const page = await deps.store.listAccountFamily(account.sid, {}, { pageSize: FAMILY_PAGE, after });
    accounts.push(...page.items);
    const last = page.items[page.items.length - 1];
    if (!page.hasMore || !last) break;
    after = { dateCreated: last.dateCreated, sid: last.sid };
  }
  const sids = [...new Set([account.sid, ...accounts.map((a) => a.sid)])];
  const since = accounts.reduce((min, a) => (a.dateCreated < min ? a.dateCreated : min), account.dateCreated);
  return { account, accountSids: sids, since };
};

export interface DateParams {
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
}

/** StartDate / EndDate over a default period; 400 for a date Twilio would not take, or an end before the start. */
export const resolveDays = (params: DateParams, now: Date, fallback: DayPeriod): DayPeriod => {
  const parse = (name: string, value: string | undefined): Date | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const day = parseUsageDate(value, now);
    if (!day) throw invalidParameter(name, 'Expected a date as YYYY-MM-DD, or days from today such as -30days.');
    return day;
  };
  const firstDay = parse('StartDate', params.startDate) ?? fallback.firstDay;
  const lastDay = parse('EndDate', params.endDate) ?? fallback.lastDay;
  if (lastDay < firstDay) throw invalidParameter('EndDate', 'It is before StartDate.');
  return { firstDay, lastDay };
};

/** The instants a day period covers: from its first midnight to the midnight after its last day. */
export const instantsOf = (days: DayPeriod): { from: Date; until: Date } => ({ from: days.firstDay, until: addDays(days.lastDay, 1) });
