// A brand profile (BU…): the business data behind the opaque Trust Hub bundle SIDs a BrandRegistration
// names (CustomerProfileBundleSid, A2PProfileBundleSid). masq has no Trust Hub, so POST /masq/v1/BrandProfiles
// stores this data and the sandbox registry checks brands against it (did-wire-contract §5.5).

export const ENTITY_TYPES = ['PRIVATE_PROFIT', 'PUBLIC_PROFIT', 'NON_PROFIT', 'GOVERNMENT', 'SOLE_PROPRIETOR'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** TCR's verticals (the ones Twilio's A2P profile offers). */
export const VERTICALS = [
  'AGRICULTURE', 'COMMUNICATION', 'CONSTRUCTION', 'EDUCATION', 'ENERGY', 'ENTERTAINMENT', 'FINANCIAL', 'GAMBLING', 'GOVERNMENT',
  'HEALTHCARE', 'HOSPITALITY', 'HUMAN_RESOURCES', 'INSURANCE', 'LEGAL', 'MANUFACTURING', 'NGO', 'POLITICAL', 'POSTAL',
  'PROFESSIONAL', 'REAL_ESTATE', 'RETAIL', 'TECHNOLOGY', 'TRANSPORTATION',
] as const;

/**
 * Every field is optional when stored: the registry, not the profile API, judges completeness, so a
 * brand on an incomplete profile fails with errors[] naming the missing fields, as at Twilio.
 */
export interface BrandProfileData {
  readonly legalName: string | null;
  readonly taxId: string | null;
  readonly entityType: string | null;
  readonly vertical: string | null;
  readonly street: string | null;
  readonly city: string | null;
  readonly region: string | null;
  readonly postalCode: string | null;
  readonly isoCountry: string | null;
  readonly website: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  /** PUBLIC_PROFIT only: ticker and exchange. */
  readonly stockSymbol: string | null;
  readonly stockExchange: string | null;
}

export interface BrandProfile extends BrandProfileData {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export const EMPTY_PROFILE_DATA: BrandProfileData = {
  legalName: null, taxId: null, entityType: null, vertical: null, street: null, city: null, region: null, postalCode: null,
  isoCountry: null, website: null, email: null, phone: null, stockSymbol: null, stockExchange: null,
};
