// A Service owns a pool of proxy numbers and the rules its sessions follow.

export const GEO_MATCH_LEVELS = ['country', 'area-code', 'overlay', 'radius', 'extended-area-code'] as const;
export type GeoMatchLevel = (typeof GEO_MATCH_LEVELS)[number];

export const NUMBER_SELECTION_BEHAVIORS = ['prefer-sticky', 'avoid-sticky'] as const;
export type NumberSelectionBehavior = (typeof NUMBER_SELECTION_BEHAVIORS)[number];

/** Country-specific dial-string rules (see docs/compatibility.md). Both are off by default, as on Twilio. */
export interface DialRules {
  /** Argentina: insert the mobile '9' after +54 for voice, never for SMS. */
  readonly argentinaMobileNine: boolean;
  /** Mexico: the legacy '1' after +52 for mobiles (inbound +521... is always normalised). */
  readonly mexicoLegacyOne: boolean;
}

export const DEFAULT_DIAL_RULES: DialRules = { argentinaMobileNine: false, mexicoLegacyOne: false };

export interface Service {
  readonly sid: string;
  readonly accountSid: string;
  readonly uniqueName: string;
  readonly chatInstanceSid: string | null;
  readonly callbackUrl: string | null;
  readonly interceptCallbackUrl: string | null;
  readonly outOfSessionCallbackUrl: string | null;
  /** Seconds; 0 means sessions never expire unless they set their own ttl or date_expiry. */
  readonly defaultTtl: number;
  readonly geoMatchLevel: GeoMatchLevel;
  readonly numberSelectionBehavior: NumberSelectionBehavior;
  readonly dialRules: DialRules;
  /** Max numbers in the pool; null means no limit (masq's default, unlike Twilio's 500 + 5,000). */
  readonly poolLimit: number | null;
  /** Messages whose whole body is one of these words are recorded but never forwarded; null = DEFAULT_OPT_OUT_WORDS, [] = none. */
  readonly optOutWords: readonly string[] | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}
