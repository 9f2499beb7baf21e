// The registration sweeper's campaign step: every campaign whose decides_at has come is put to its registry
// (campaign-registry.ts). masq's sandbox registry decides an IN_PROGRESS one (review-campaign.ts); a
// carrier's is asked for its status (decides_at is "next poll", kept after verification so that a
// suspension at the carrier reaches the SMS gate). A campaign the registry verifies has its numbers put in it
// at the carrier first, and so does a verified one marked assignPending (a number joined its service and the
// carrier did not take it then: assign-joined-number.ts); if that fails it is asked again next time. The registry is asked outside any
// transaction; the answer is written under the campaign's lock, only if the campaign is unchanged since it
// was read, so two sweepers (two masq instances) write it once.
import { CARRIER_POLL_SECONDS, registryOf } from '../../domain/messaging/registry-link.ts';
import type { Campaign } from '../../domain/messaging/campaign.ts';
import { addSeconds } from '../../domain/messaging/tollfree-verification.ts';
import type { CampaignAnswer } from '../../ports/registration.ts';
import { registryFor } from '../registrations/registry-for.ts';
import type { CampaignDeps } from './create-campaign.ts';
import { campaignFees } from './campaign-fees.ts';
import { campaignNumbers, withAnswer } from './campaign-registry.ts';

const later = (c: Campaign, now: Date): CampaignAnswer => ({
  ref: null, status: c.status, campaignId: null, errors: c.errors, rateLimits: c.rateLimits, checkAt: addSeconds(now, CARRIER_POLL_SECONDS),
});

interface Asked {
  readonly answer: CampaignAnswer;
  /** The service's numbers were put in the campaign at the carrier in this pass. */
  readonly assigned: boolean;
}

/** The registry's answer; one that cannot be asked now (account gone, carrier down, assignment failed) is asked again later. */
const ask = async (deps: CampaignDeps, due: Campaign, now: Date): Promise<Asked> => {
  const port = registryFor(deps.carriers, due);
  if (!port) return { answer: later(due, now), assigned: false };
  try {
    const brand = due.brandRegistrationSid === null ? null : await deps.store.findBrandRegistration(due.accountSid, due.brandRegistrationSid);
    const answer = await port.checkCampaign(due, brand, now);
    const assign = answer.status === 'VERIFIED' && (due.status !== 'VERIFIED' || due.registry?.assignPending === true);
    if (assign) {
      const numbers = await campaignNumbers(deps.store, due.accountSid, due.messagingServiceSid, registryOf(due).carrier);
      await port.assignNumbers(withAnswer(due, answer, now), numbers);
    }
    return { answer, assigned: assign };
  } catch {
    return { answer: later(due, now), assigned: false };
  }
};

const decideOne = async (deps: CampaignDeps, due: Campaign, now: Date): Promise<boolean> => {
  const { answer, assigned } = await ask(deps, due, now);
  return deps.store.transaction(async (tx) => {
    await tx.lock([`campaign:${due.sid}`]);
    const current = await tx.findCampaign(due.accountSid, due.sid);
    // Deleted, decided or changed since it was read: nothing to do.
    if (!current || current.status !== due.status || current.decidesAt?.getTime() !== due.decidesAt?.getTime()) return false;
    const answered = withAnswer(current, answer, now);
    const decided = assigned && answered.registry ? { ...answered, registry: { carrier: answered.registry.carrier, ref: answered.registry.ref } } : answered;
    await tx.updateCampaign(current.accountSid, current.sid, decided);
    if (decided.status === 'VERIFIED' && current.status !== 'VERIFIED') await campaignFees(deps).onVerified(tx, decided);
    return true;
  });
};

/** Decides up to `limit` due campaigns; returns how many were read (a full batch means more may be due). */
export const decideDueCampaigns = async (deps: CampaignDeps, now: Date, limit: number): Promise<number> => {
  const due = await deps.store.dueCampaigns(now, limit);
  for (const campaign of due) await decideOne(deps, campaign, now);
  return due.length;
};
