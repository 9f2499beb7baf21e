// The registry's brand registration fee, billed in the transaction that submits the brand (record-fee.ts):
// on create and on each resubmission of a FAILED brand (TCR charges per submission). The event key (the
// submission's time) makes each once-only. Priced with the rate card of the installation's default carrier
// account, as campaign fees are (campaigns/campaign-fees.ts).
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import type { CostRepo } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { feeRecord } from '../record-fee.ts';

export type BrandFeeDeps = Pick<AppDeps, 'ids' | 'clock' | 'settings'>;

export const billBrandSubmission = async (deps: BrandFeeDeps, tx: CostRepo, brand: BrandRegistration): Promise<void> => {
  await tx.recordCosts([feeRecord(deps, {
    accountSid: brand.accountSid, category: 'a2p-10dlc-registrationfees-brandregistration', resourceSid: brand.sid,
    eventKey: `${brand.sid}:registration:${brand.dateUpdated.toISOString()}`, carrier: deps.settings.defaultCarrier,
  })]);
};
