// Messaging v1 (issue 13): messaging services with their number pools, A2P 10DLC brand registrations and
// the sandbox registry's brand profiles (BU…). Campaigns and toll-free verifications: store/registrations.ts.
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { BrandProfile } from '../../domain/messaging/brand-profile.ts';
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import type { MessagingService, MessagingServiceSettings } from '../../domain/messaging/service.ts';
import type { Page, PageRequest } from './common.ts';

export interface MessagingServicePatch {
  readonly friendlyName?: string;
  readonly settings?: MessagingServiceSettings;
  readonly dateUpdated: Date;
}

/**
 * A number in a messaging service's pool, with its inventory record. Only numbers whose record is still
 * active (or porting out) count: a released (quarantined) record never becomes active again, so a number
 * leaves every messaging service the moment it is released, whether or not its membership row is gone yet.
 */
export interface MessagingPoolNumber {
  readonly serviceSid: string;
  readonly accountSid: string;
  /** When it joined the pool (the paging key, with the number's sid). */
  readonly dateCreated: Date;
  readonly number: InventoryNumber;
}

export type BrandRegistrationPatch = Partial<Omit<BrandRegistration, 'sid' | 'accountSid' | 'dateCreated'>> & { readonly dateUpdated: Date };

export interface MessagingRepo {
  createMessagingService(service: MessagingService): Promise<void>;
  findMessagingService(accountSid: string, sid: string): Promise<MessagingService | null>;
  listMessagingServices(accountSid: string, page: PageRequest): Promise<Page<MessagingService>>;
  updateMessagingService(accountSid: string, sid: string, patch: MessagingServicePatch): Promise<MessagingService | null>;
  /** Deletes the service; its numbers leave the pool and its campaign goes with it (FK cascade). */
  deleteMessagingService(accountSid: string, sid: string): Promise<boolean>;
  /** True when the service has a campaign (us_app_to_person) whose campaign_status is VERIFIED. */
  hasVerifiedCampaign(serviceSid: string): Promise<boolean>;

  /** Adds the number; false (nothing written) when the number is already in a service (any). */
  addMessagingNumber(entry: { readonly serviceSid: string; readonly accountSid: string; readonly numberSid: string; readonly dateCreated: Date }): Promise<boolean>;
  /** The live number's messaging service sid, if it is in one. */
  messagingServiceOfNumber(numberSid: string): Promise<string | null>;
  findMessagingNumber(accountSid: string, serviceSid: string, numberSid: string): Promise<MessagingPoolNumber | null>;
  /** Live numbers in the pool. */
  countMessagingNumbers(serviceSid: string): Promise<number>;
  listMessagingNumbers(accountSid: string, serviceSid: string, page: PageRequest): Promise<Page<MessagingPoolNumber>>;
  removeMessagingNumber(accountSid: string, serviceSid: string, numberSid: string): Promise<boolean>;
  /** Takes a number out of whatever messaging service holds it (on release). */
  removeNumberFromMessagingServices(numberSid: string): Promise<void>;

  createBrandRegistration(brand: BrandRegistration): Promise<void>;
  findBrandRegistration(accountSid: string, sid: string): Promise<BrandRegistration | null>;
  listBrandRegistrations(accountSid: string, page: PageRequest): Promise<Page<BrandRegistration>>;
  updateBrandRegistration(accountSid: string, sid: string, patch: BrandRegistrationPatch): Promise<BrandRegistration | null>;
  /** Brands whose decides_at is at or before `now`, soonest first (the registration sweeper's work: reviews and carrier polls). */
  dueBrandRegistrations(now: Date, limit: number): Promise<readonly BrandRegistration[]>;

  createBrandProfile(profile: BrandProfile): Promise<void>;
  findBrandProfile(accountSid: string, sid: string): Promise<BrandProfile | null>;
  listBrandProfiles(accountSid: string, page: PageRequest): Promise<Page<BrandProfile>>;
  updateBrandProfile(accountSid: string, profile: BrandProfile): Promise<BrandProfile | null>;
}
