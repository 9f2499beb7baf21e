// A2P 10DLC campaigns (Twilio's UsAppToPerson, QE…): one per messaging service, registered for a brand
// (or, PreregisteredUsa2p, registered elsewhere and only recorded here). The sandbox registry reviews a
// submitted campaign after CAMPAIGN_REVIEW_SECONDS: it fails with errors[] naming the fields at fault, or is
// verified. The status strings are Twilio's and are compared by the SMS gate, so they are kept exactly.
import type { BrandRegistration } from './brand.ts';
import type { RegistryLink } from './registry-link.ts';

export const CAMPAIGN_STATUSES = ['PENDING', 'IN_PROGRESS', 'VERIFIED', 'FAILED', 'SUSPENDED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** How long the sandbox registry takes to review a submitted campaign (TCR and the carriers take days). */
export const CAMPAIGN_REVIEW_SECONDS = 3_600;

/** One entry of the wire's `errors[]`: Twilio's campaign vetting code (308xx), what it means, the fields at fault. */
export interface CampaignError {
  readonly errorCode: number;
  readonly description: string;
  readonly fields: readonly string[];
}

/** What a customer submits (create) or resubmits (update). */
export interface CampaignContent {
  readonly description: string;
  readonly messageFlow: string;
  readonly messageSamples: readonly string[];
  readonly hasEmbeddedLinks: boolean;
  readonly hasEmbeddedPhone: boolean;
  readonly ageGated: boolean;
  readonly directLending: boolean;
  readonly privacyPolicyUrl: string | null;
  readonly termsAndConditionsUrl: string | null;
}

export interface CampaignKeywords {
  readonly optInMessage: string | null;
  readonly optOutMessage: string | null;
  readonly helpMessage: string | null;
  readonly optInKeywords: readonly string[];
  readonly optOutKeywords: readonly string[];
  readonly helpKeywords: readonly string[];
  readonly subscriberOptIn: boolean | null;
}

export interface RateLimits {
  readonly att: { readonly mps: number; readonly msgClass: string };
  readonly tmobile: { readonly brandTier: string };
}

export interface Campaign extends CampaignContent, CampaignKeywords {
  readonly sid: string;
  readonly accountSid: string;
  readonly messagingServiceSid: string;
  /** Null for a campaign registered elsewhere (PreregisteredUsa2p). */
  readonly brandRegistrationSid: string | null;
  readonly usecase: string;
  readonly status: CampaignStatus;
  /** The registry's id (TCR's `CXXXXXX`). */
  readonly campaignId: string;
  readonly isExternallyRegistered: boolean;
  readonly cnpMigration: boolean;
  readonly rateLimits: RateLimits | null;
  readonly errors: readonly CampaignError[];
  readonly mock: boolean;
  /** When the registry decides an IN_PROGRESS campaign (or a carrier's is asked again); null once decided. */
  readonly decidesAt: Date | null;
  /** Which registry holds it (registry-link.ts); absent: masq's own. */
  readonly registry?: RegistryLink;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export interface UseCase {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly postApprovalRequired: boolean;
}

const useCase = (code: string, name: string, description: string, postApprovalRequired = false): UseCase => ({ code, name, description, postApprovalRequired });

/** TCR's standard use cases, open to any standard brand. */
export const STANDARD_USE_CASES: readonly UseCase[] = [
  useCase('2FA', 'Two-Factor authentication (2FA)', 'Two-Factor authentication, one-time use password, password reset'),
  useCase('ACCOUNT_NOTIFICATION', 'Account Notification', 'All reminders, alerts, and notifications, e.g. flight delayed, hotel booked, appointment reminders.'),
  useCase('CUSTOMER_CARE', 'Customer Care', 'All customer care messaging, including account management and support'),
  useCase('DELIVERY_NOTIFICATION', 'Delivery Notification', 'Information about the status of the delivery of a product or service'),
  useCase('FRAUD_ALERT', 'Fraud Alert Messaging', 'Messaging about potential fraudulent activity on a user\'s account'),
  useCase('HIGHER_EDUCATION', 'Higher Education', 'Messaging created on behalf of colleges, universities and other post-secondary institutions'),
  useCase('LOW_VOLUME', 'Low Volume Mixed', 'Low throughput: any combination of use cases, at most 2,000 segments a day on T-Mobile'),
  useCase('MARKETING', 'Marketing', 'Any communication with marketing and/or promotional content'),
  useCase('MIXED', 'Mixed', 'Mixed messaging reserved for specific consumer service industry'),
  useCase('POLLING_VOTING', 'Polling and voting', 'Requesting surveys or votes for non-political purposes'),
  useCase('PUBLIC_SERVICE_ANNOUNCEMENT', 'Public Service Announcement', 'An informational message meant to raise the audience\'s awareness about an important issue'),
  useCase('SECURITY_ALERT', 'Security Alert', 'A notification that the security of a system has been compromised and action is required'),
];

/** TCR's special use cases masq offers; PROXY is the masking one (pooled numbers that hide personal ones). */
export const SPECIAL_USE_CASES: readonly UseCase[] = [
  useCase('PROXY', 'Proxy', 'Peer-to-peer app-based group messaging with proxy/pooled numbers, for the non-exposure of personal numbers', true),
  useCase('CHARITY', 'Charity', 'Messaging from a registered 501(c)(3) charity'),
  useCase('EMERGENCY', 'Emergency', 'Notification services designed to support public safety and health during natural disasters and emergencies', true),
  useCase('AGENTS_FRANCHISES', 'Agents and Franchises', 'Brands with multiple agents, franchises or offices in the same brand vertical', true),
];

export const SOLE_PROPRIETOR_USE_CASE = useCase('SOLE_PROPRIETOR', 'Sole Proprietor', 'Limited to sole proprietor brands: one campaign, one number');

/** The use cases a brand may register a campaign for (Usa2p/Usecases?BrandRegistrationSid=). */
export const useCasesFor = (brand: Pick<BrandRegistration, 'brandType'> | null): readonly UseCase[] => {
  if (brand?.brandType === 'SOLE_PROPRIETOR') return [SOLE_PROPRIETOR_USE_CASE];
  if (brand) return [...STANDARD_USE_CASES, ...SPECIAL_USE_CASES];
  return [...STANDARD_USE_CASES, ...SPECIAL_USE_CASES, SOLE_PROPRIETOR_USE_CASE];
};

export const findUseCase = (brand: Pick<BrandRegistration, 'brandType'>, code: string): UseCase | null =>
  useCasesFor(brand).find((candidate) => candidate.code === code) ?? null;

/** Carrier throughput by brand score, as T-Mobile tiers and AT&T classes report them (did-platform §4.1). */
export const rateLimitsFor = (brandScore: number | null): RateLimits => {
  const score = brandScore ?? 0;
  if (score >= 76) return { att: { mps: 75, msgClass: 'A' }, tmobile: { brandTier: 'TOP' } };
  if (score >= 51) return { att: { mps: 60, msgClass: 'B' }, tmobile: { brandTier: 'HIGH' } };
  if (score >= 26) return { att: { mps: 10, msgClass: 'E' }, tmobile: { brandTier: 'LOW' } };
  return { att: { mps: 4, msgClass: 'T' }, tmobile: { brandTier: 'BASIC' } };
};

/** TCR campaign ids are `C` and six letters or digits. */
const CAMPAIGN_ID = /^C[A-Z0-9]{6}$/;
export const isCampaignId = (value: string): boolean => CAMPAIGN_ID.test(value);

/** A registry id from random hex (the injected source): `C` + six upper-case hex digits. */
export const campaignIdFrom = (hex: string): string => `C${hex.slice(0, 6).toUpperCase().padEnd(6, '0')}`;
