// A phone number in an account's inventory. When `serviceSid` is set it is in that service's pool
// (a number belongs to at most one pool).

export interface Capabilities {
  readonly voice: boolean;
  readonly sms: boolean;
  readonly mms: boolean;
}

export interface PoolNumber {
  readonly sid: string;
  readonly accountSid: string;
  readonly serviceSid: string | null;
  /** E.164 */
  readonly phoneNumber: string;
  readonly friendlyName: string | null;
  /** ISO 3166-1 alpha-2 of the number itself (e.g. GB, US), null when unknown. */
  readonly isoCountry: string | null;
  /** NANP area code (NPA) for +1 numbers, null elsewhere. */
  readonly areaCode: string | null;
  readonly capabilities: Capabilities;
  /** The carrier adapter that owns the number: 'sandbox', 'twilio', ... */
  readonly carrier: string;
  readonly isReserved: boolean;
  /** Active participant bindings on this number: the load the allocator spreads. */
  readonly load: number;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}
