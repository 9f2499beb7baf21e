// US messaging registrations decided by a registry (issue 13): 10DLC campaigns (one per messaging service)
// and toll-free verifications. Brands and messaging services are in store/messaging.ts.
import type { Campaign, CampaignStatus } from '../../domain/messaging/campaign.ts';
import type { TollfreeStatus, TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { Page, PageRequest } from './common.ts';

export type CampaignPatch = Partial<Omit<Campaign, 'sid' | 'accountSid' | 'messagingServiceSid' | 'dateCreated'>> & { readonly dateUpdated: Date };

export type TollfreeVerificationPatch = Partial<Omit<TollfreeVerification, 'sid' | 'accountSid' | 'tollfreePhoneNumberSid' | 'dateCreated'>> & {
  readonly dateUpdated: Date;
};

export interface TollfreeFilter {
  readonly tollfreePhoneNumberSid?: string;
  readonly status?: TollfreeStatus;
  readonly externalReferenceId?: string;
}

export interface RegistrationRepo {
  /** False (nothing written) when the messaging service already has a campaign: one per service. */
  createCampaign(campaign: Campaign): Promise<boolean>;
  findCampaign(accountSid: string, sid: string): Promise<Campaign | null>;
  /** The campaign of a messaging service, if it has one. */
  campaignOfService(accountSid: string, serviceSid: string): Promise<Campaign | null>;
  /** The service's campaigns (zero or one), keyset-paged like every list. */
  listCampaigns(accountSid: string, serviceSid: string, page: PageRequest): Promise<Page<Campaign>>;
  updateCampaign(accountSid: string, sid: string, patch: CampaignPatch): Promise<Campaign | null>;
  deleteCampaign(accountSid: string, sid: string): Promise<boolean>;
  /** How many campaigns a brand has (a sole proprietor brand may have one). */
  countBrandCampaigns(accountSid: string, brandSid: string): Promise<number>;
  /** Campaigns whose decides_at is at or before `now`, soonest first (the registration sweeper's work). */
  dueCampaigns(now: Date, limit: number): Promise<readonly Campaign[]>;
  /**
   * The monthly campaign fee pass (app/campaigns/bill-campaign-months.ts): campaigns in one of `statuses`,
   * by sid after `afterSid` ('' for the first page), with no cost record keyed `<sid>:<month>` yet.
   */
  unbilledCampaignMonths(q: { readonly statuses: readonly CampaignStatus[]; readonly month: string; readonly afterSid: string; readonly limit: number }): Promise<readonly Campaign[]>;

  createTollfreeVerification(verification: TollfreeVerification): Promise<void>;
  findTollfreeVerification(accountSid: string, sid: string): Promise<TollfreeVerification | null>;
  listTollfreeVerifications(accountSid: string, filter: TollfreeFilter, page: PageRequest): Promise<Page<TollfreeVerification>>;
  updateTollfreeVerification(accountSid: string, sid: string, patch: TollfreeVerificationPatch): Promise<TollfreeVerification | null>;
  deleteTollfreeVerification(accountSid: string, sid: string): Promise<boolean>;
  /** The newest verification of a toll-free number (what the SMS gate reads), if any. */
  latestTollfreeVerification(numberSid: string): Promise<TollfreeVerification | null>;
  /** Verifications whose decides_at is at or before `now`, soonest first. */
  dueTollfreeVerifications(now: Date, limit: number): Promise<readonly TollfreeVerification[]>;
}
