// The registry's fees for a campaign, billed in the transaction that causes them (record-fee.ts): campaign
// vetting on every submission (a create, a FAILED campaign resubmitted) and the campaign's monthly fee for
// the month it is verified in, then for every later month by the monthly pass (bill-campaign-months.ts). Event keys make each once-only: a retried decision never bills twice.
// Registries charge through the carrier that registers the campaign: masq prices them with the rate card of
// the installation's default carrier account.
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { CostRecord } from '../../domain/usage/cost-record.ts';
import type { CostRepo } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { feeRecord } from '../record-fee.ts';

export type FeeDeps = Pick<AppDeps, 'ids' | 'clock' | 'settings'>;

export const month = (date: Date): string => date.toISOString().slice(0, 7);

const subject = (deps: FeeDeps, c: Campaign) => ({
  accountSid: c.accountSid, resourceSid: c.sid, carrier: deps.settings.defaultCarrier, serviceSid: c.messagingServiceSid,
});

/** The campaign's fee for one calendar month (UTC), keyed `QE…:YYYY-MM` (the key unbilledCampaignMonths probes). */
const monthlyFee = (deps: FeeDeps, c: Campaign, yyyyMm: string): CostRecord =>
  feeRecord(deps, { ...subject(deps, c), category: 'a2p-10dlc-registrationfees-monthly', eventKey: `${c.sid}:${yyyyMm}` });

export const campaignFees = (deps: FeeDeps) => ({
  /** Vetting, once per submission (keyed by the submission's time). */
  onSubmitted: async (tx: CostRepo, c: Campaign): Promise<void> => {
    await tx.recordCosts([feeRecord(deps, { ...subject(deps, c), category: 'a2p-10dlc-registrationfees-campaignvetting', eventKey: `${c.sid}:vetting:${c.dateUpdated.toISOString()}` })]);
  },
  /** The monthly campaign fee for the month the campaign is verified in. */
  onVerified: async (tx: CostRepo, c: Campaign): Promise<void> => {
    await tx.recordCosts([monthlyFee(deps, c, month(c.dateUpdated))]);
  },
  /** The monthly campaign fee for `yyyyMm` (the monthly pass: bill-campaign-months.ts); once per month. */
  forMonth: async (tx: CostRepo, c: Campaign, yyyyMm: string): Promise<void> => {
    await tx.recordCosts([monthlyFee(deps, c, yyyyMm)]);
  },
});
