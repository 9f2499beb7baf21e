// What a number search asks for and what it finds: the carrier-neutral shapes behind Twilio's
// AvailablePhoneNumbers (did-platform §1.2/§1.3). Carriers answer searches through ports/carrier.ts.

/**
 * Twilio's seven AvailablePhoneNumbers types (Local, TollFree, Mobile, National, SharedCost, Voip,
 * MachineToMachine) and US short codes, a masq extension (Twilio sells those through another product).
 */
export type AvailableNumberType =
  | 'local' | 'toll-free' | 'mobile' | 'national' | 'shared-cost' | 'voip' | 'machine-to-machine' | 'short-code';

/** Every type, in the order countries list them. */
export const AVAILABLE_NUMBER_TYPES: readonly AvailableNumberType[] =
  ['local', 'toll-free', 'mobile', 'national', 'shared-cost', 'voip', 'machine-to-machine', 'short-code'];
export type AddressRequirement = 'none' | 'any' | 'local' | 'foreign';

export interface NumberCapabilities {
  readonly voice: boolean;
  readonly sms: boolean;
  readonly mms: boolean;
  readonly fax: boolean;
}

/** Where a number is: NANP numbers know their rate center, LATA and coordinates; others mostly do not. */
export interface NumberPlace {
  readonly isoCountry: string;
  /** State or province for NANP (CA, ON...), a region name elsewhere. */
  readonly region: string | null;
  readonly locality: string | null;
  readonly rateCenter: string | null;
  readonly lata: string | null;
  readonly postalCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface AvailableNumber extends NumberPlace {
  /** E.164; a short code is its bare digits ("24680"): short codes are not E.164 (did-platform §4.3). */
  readonly e164: string;
  readonly type: AvailableNumberType;
  readonly capabilities: NumberCapabilities;
  readonly addressRequirements: AddressRequirement;
  /** Monthly price in USD as a decimal string ("1.15"): money never goes through a float. */
  readonly monthlyPrice: string;
  readonly beta: boolean;
}

/** A compiled Contains pattern (contains.ts). */
export interface ContainsPattern {
  /** Each position: a digit, or null for `*` (any one digit); `%` splits the pattern into segments. */
  readonly segments: readonly (readonly (string | null)[])[];
  readonly anchorStart: boolean;
  readonly anchorEnd: boolean;
}

export interface NumberSearch {
  readonly isoCountry: string;
  readonly type: AvailableNumberType;
  readonly areaCode: string | null;
  readonly contains: ContainsPattern | null;
  /**
   * Region, postal code, locality, rate center and LATA are as the caller gave them: Twilio lets each be a
   * phone number instead, meaning "the same as that number's" (each carrier resolves it with its own data).
   */
  readonly region: string | null;
  readonly postalCode: string | null;
  readonly locality: string | null;
  readonly rateCenter: string | null;
  readonly lata: string | null;
  /** A centre and radius in km (NearLatLong, or where NearNumber is, with Distance). */
  readonly near: { readonly latitude: number; readonly longitude: number; readonly km: number } | null;
  /** NearNumber as E.164; with `near` null, the plan does not know where that number is, so nothing is near it. */
  readonly nearNumber: string | null;
  /** Only numbers whose capability equals the given value (Twilio's SmsEnabled=false asks for no SMS). */
  readonly capabilities: Partial<NumberCapabilities>;
  readonly excludeAddressRequired: { readonly all: boolean; readonly local: boolean; readonly foreign: boolean };
  /** Beta=false: numbers new to the carrier are left out. */
  readonly includeBeta: boolean;
  readonly limit: number;
}
