// A campaign and its registry (registrations/registry-for.ts). A campaign goes to the registry of its brand,
// and the messaging service's numbers must be on that carrier account: a carrier registers only its own
// numbers in a campaign (masq's sandbox registry takes any). Numbers are put in the campaign at the carrier
// when it becomes VERIFIED (before masq records it so), and as numbers join a service already verified.
import { invalidParameter } from '../../domain/errors.ts';
import { MESSAGING_POOL_LIMIT } from '../../domain/messaging/service.ts';
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { CampaignAnswer, RegisteredNumber } from '../../ports/registration.ts';
import type { MessagingRepo } from '../../ports/store.ts';

/** The service's live numbers, as the registry knows them; for a carrier's registry, all must be on that carrier. */
export const campaignNumbers = async (
  repo: Pick<MessagingRepo, 'listMessagingNumbers'>, accountSid: string, serviceSid: string, carrier: string | null,
): Promise<readonly RegisteredNumber[]> => {
  const page = await repo.listMessagingNumbers(accountSid, serviceSid, { pageSize: MESSAGING_POOL_LIMIT });
  const numbers = page.items.map((entry) => entry.number);
  if (carrier === null) return numbers.map((n) => ({ e164: n.phoneNumber, carrierRef: n.carrierRef ?? n.phoneNumber }));
  const foreign = numbers.find((n) => n.carrier !== carrier);
  if (foreign) {
    throw invalidParameter('BrandRegistrationSid', `The brand is registered at carrier account ${carrier}, but ${foreign.phoneNumber} in this messaging service is on ${foreign.carrier}: a carrier registers only its own numbers in a campaign.`);
  }
  return numbers.map((n) => ({ e164: n.phoneNumber, carrierRef: n.carrierRef ?? n.phoneNumber }));
};

/** `campaign` as the registry answered about it at `now`; date_updated moves only when the status does. */
export const withAnswer = (campaign: Campaign, answer: CampaignAnswer, now: Date): Campaign => ({
  ...campaign,
  status: answer.status,
  errors: answer.errors,
  rateLimits: answer.rateLimits,
  campaignId: answer.campaignId ?? campaign.campaignId,
  decidesAt: answer.checkAt,
  ...(campaign.registry && { registry: { ...campaign.registry, ref: answer.ref ?? campaign.registry.ref } }),
  dateUpdated: answer.status === campaign.status ? campaign.dateUpdated : now,
});
