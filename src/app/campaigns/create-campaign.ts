// POST /v1/Services/{MG}/Compliance/Usa2p: register a 10DLC campaign for an APPROVED brand (21717
// otherwise) with one of the use cases its brand may use (21720), one per messaging service (21710) and,
// for a sole proprietor brand, one per brand. It is submitted to its brand's registry (campaign-registry.ts)
// before anything is written: masq's sandbox registry starts it IN_PROGRESS and decides it at `decides_at`
// (the registration sweeper), or at once for a mock brand's; a carrier's answers with its own status.
import { AppError } from '../../domain/errors.ts';
import { maxCampaigns, type BrandRegistration } from '../../domain/messaging/brand.ts';
import { campaignIdFrom, findUseCase, type Campaign, type CampaignContent, type CampaignKeywords } from '../../domain/messaging/campaign.ts';
import { registryOf } from '../../domain/messaging/registry-link.ts';
import type { CostRepo, JobRepo, Locks, MessagingRepo, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { campaignFees } from './campaign-fees.ts';
import { askRegistry, requireRegistry } from '../registrations/registry-for.ts';
import { requireMessagingService } from './campaign-lookup.ts';
import { campaignNumbers, withAnswer } from './campaign-registry.ts';

export interface CampaignInput extends CampaignContent, CampaignKeywords {
  readonly brandRegistrationSid: string;
  readonly usecase: string;
}

export type CampaignDeps = DepsWith<MessagingRepo & RegistrationRepo & CostRepo & JobRepo & Locks, 'clock' | 'ids' | 'settings' | 'carriers'>;

const approvedBrand = async (repo: Pick<MessagingRepo, 'findBrandRegistration'>, accountSid: string, sid: string): Promise<BrandRegistration> => {
  const brand = await repo.findBrandRegistration(accountSid, sid);
  if (!brand) throw new AppError('brand-not-registered', `Brand Registration ${sid} was not found in this account.`);
  if (brand.status !== 'APPROVED') throw new AppError('brand-not-registered', `Brand Registration ${sid} is ${brand.status}; a campaign needs an APPROVED brand.`);
  return brand;
};

const checkUseCase = (brand: BrandRegistration, usecase: string): void => {
  if (findUseCase(brand, usecase)) return;
  throw new AppError('a2p-use-case-invalid', `'${usecase}' is not a use case a ${brand.brandType} brand can register (see Usa2p/Usecases).`);
};

const newCampaign = (deps: CampaignDeps, accountSid: string, serviceSid: string, brand: BrandRegistration, input: CampaignInput): Campaign => {
  const now = deps.clock.now();
  const { brandRegistrationSid, ...fields } = input;
  return {
    ...fields,
    sid: deps.ids.sid('usAppToPerson'),
    accountSid,
    messagingServiceSid: serviceSid,
    brandRegistrationSid,
    status: 'IN_PROGRESS',
    campaignId: campaignIdFrom(deps.ids.token(3)),
    isExternallyRegistered: false,
    cnpMigration: false,
    rateLimits: null,
    errors: [],
    mock: brand.mock,
    decidesAt: null,
    // A campaign is registered where its brand is.
    registry: { carrier: registryOf(brand).carrier, ref: null },
    dateCreated: now,
    dateUpdated: now,
  };
};

/** The rules checked again in the transaction, checked first so that a registry is never asked for a campaign masq refuses. */
const checkRoom = async (
  repo: Pick<RegistrationRepo, 'campaignOfService' | 'countBrandCampaigns'>, accountSid: string, serviceSid: string, brand: BrandRegistration,
): Promise<void> => {
  const limit = maxCampaigns(brand);
  if (limit !== null && (await repo.countBrandCampaigns(accountSid, brand.sid)) >= limit) {
    throw new AppError('sole-proprietor-campaign-limit', `Brand ${brand.sid} is a sole proprietor brand and already has its one campaign.`);
  }
  if (await repo.campaignOfService(accountSid, serviceSid)) {
    throw new AppError('campaign-already-exists', `Messaging Service ${serviceSid} already has an A2P campaign.`);
  }
};

/** Submits the campaign to its registry; a campaign verified at once has its numbers assigned first. */
const submitted = async (deps: CampaignDeps, draft: Campaign, brand: BrandRegistration): Promise<Campaign> => {
  const port = requireRegistry(deps.carriers, draft);
  const carrier = registryOf(draft).carrier;
  const numbers = await campaignNumbers(deps.store, draft.accountSid, draft.messagingServiceSid, carrier);
  const answer = await askRegistry(carrier, () => port.submitCampaign({ campaign: draft, brand, numbers }, draft.dateCreated));
  const campaign = withAnswer(draft, answer, draft.dateCreated);
  if (campaign.status === 'VERIFIED') await askRegistry(carrier, () => port.assignNumbers(campaign, numbers));
  return campaign;
};

export const createCampaign = async (deps: CampaignDeps, accountSid: string, serviceSid: string, input: CampaignInput): Promise<Campaign> => {
  await requireMessagingService(deps.store, accountSid, serviceSid);
  const brand = await approvedBrand(deps.store, accountSid, input.brandRegistrationSid);
  checkUseCase(brand, input.usecase);
  await checkRoom(deps.store, accountSid, serviceSid, brand);
  const campaign = await submitted(deps, newCampaign(deps, accountSid, serviceSid, brand, input), brand);
  return deps.store.transaction(async (tx) => {
    // The brand's lock serialises two campaigns racing for a sole proprietor's one slot.
    await tx.lock([`brand:${brand.sid}`, `campaign-service:${serviceSid}`]);
    const limit = maxCampaigns(brand);
    if (limit !== null && (await tx.countBrandCampaigns(accountSid, brand.sid)) >= limit) {
      throw new AppError('sole-proprietor-campaign-limit', `Brand ${brand.sid} is a sole proprietor brand and already has its one campaign.`);
    }
    if (!(await tx.createCampaign(campaign))) {
      throw new AppError('campaign-already-exists', `Messaging Service ${serviceSid} already has an A2P campaign.`);
    }
    await campaignFees(deps).onSubmitted(tx, campaign);
    if (campaign.status === 'VERIFIED') await campaignFees(deps).onVerified(tx, campaign);
    return campaign;
  });
};
