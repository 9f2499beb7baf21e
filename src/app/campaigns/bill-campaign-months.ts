// The monthly 10DLC campaign fee after the first month (docs/messaging.md, "Campaign fees"), run by the
// lease-billing pass. A campaign's first month is billed when it is verified (campaign-fees.ts onVerified);
// every later calendar month (UTC) is billed by the first pass in that month, keyed `QE…:YYYY-MM`, so a
// second pass or a second instance never bills it twice. Like Twilio, the fee runs while the campaign
// exists and is VERIFIED or SUSPENDED (a suspended campaign is still registered with TCR and still costs);
// a deleted campaign (the row is gone), a FAILED, PENDING or IN_PROGRESS one is not billed. Externally
// registered campaigns (PreregisteredUsa2p) are billed by the CSP that registered them: masq bills them
// nothing, as on create. Only the current month is billed: a month in which no pass ran is not caught up.
import type { Campaign, CampaignStatus } from '../../domain/messaging/campaign.ts';
import type { CostRepo, Locks, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { campaignFees, month } from './campaign-fees.ts';

type MonthDeps = DepsWith<RegistrationRepo & CostRepo & Locks, 'clock' | 'ids' | 'settings'>;

/** Campaigns billed per pass: each is one small transaction. */
export const CAMPAIGN_MONTH_BATCH = 200;

const BILLED_STATUSES: readonly CampaignStatus[] = ['VERIFIED', 'SUSPENDED'];

const billable = (c: Campaign | null): c is Campaign => c !== null && BILLED_STATUSES.includes(c.status) && !c.isExternallyRegistered;

/** Bills `yyyyMm` under the campaign's lock, on a fresh read: deleted, failed or changed since the page was read bills nothing. */
const billOne = (deps: MonthDeps, due: Campaign, yyyyMm: string): Promise<boolean> => deps.store.transaction(async (tx) => {
  await tx.lock([`campaign:${due.sid}`]);
  const current = await tx.findCampaign(due.accountSid, due.sid);
  if (!billable(current)) return false;
  await campaignFees(deps).forMonth(tx, current, yyyyMm);
  return true;
});

export interface CampaignMonthReport {
  readonly billed: number;
  /** `limit` were billed: the periodic task runs the next pass at once. */
  readonly more: boolean;
}

/** One pass: the current month's fee of at most `limit` campaigns not yet billed for it, by sid. */
export const billCampaignMonths = async (deps: MonthDeps, limit = CAMPAIGN_MONTH_BATCH): Promise<CampaignMonthReport> => {
  const yyyyMm = month(deps.clock.now());
  let billed = 0;
  let afterSid = '';
  for (;;) {
    // Billed campaigns leave the query; the pages walk past the ones that stay (externally registered).
    const page = await deps.store.unbilledCampaignMonths({ statuses: BILLED_STATUSES, month: yyyyMm, afterSid, limit });
    for (const due of page.filter(billable)) {
      if (billed >= limit) return { billed, more: true };
      if (await billOne(deps, due, yyyyMm)) billed += 1;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < limit) return { billed, more: false };
    afterSid = last.sid;
  }
};
