// Making inventory records and the Proxy pool records that go with them. A number joins the inventory
// when it is bought (IncomingPhoneNumbers), imported from a carrier account, or added to a Proxy pool by
// its E.164 (Twilio's Proxy has no purchase step); the pool record shares its PN sid.
import { DEFAULT_NUMBER_CONFIG, type InventoryNumber, type NumberConfig, type NumberOrigin, type NumberState, type NumberType } from '../domain/inventory-number.ts';
import type { NumberCapabilities, NumberPlace } from '../domain/numbering-plan/types.ts';
import { numberFacts } from '../domain/phone-number.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { CarrierAccount } from '../ports/carrier.ts';

export interface NewRecord {
  readonly sid: string;
  readonly accountSid: string;
  readonly e164: string;
  readonly state: NumberState;
  readonly origin: NumberOrigin;
  readonly carrier: string;
  readonly carrierRef: string | null;
  readonly type: NumberType | null;
  readonly place: NumberPlace | null;
  readonly capabilities: NumberCapabilities;
  readonly monthlyCost: string | null;
  readonly friendlyName: string | null;
  readonly config?: Partial<NumberConfig>;
  readonly now: Date;
}

/**
 * What a number can do on a carrier account: what it is said to do (by the carrier that sold or holds it;
 * unsaid, all the account carries), never more than the account carries: a number on an SMPP account
 * sends and receives SMS only, whatever it could do on the carrier it came from.
 */
export const capabilitiesOn = (account: Pick<CarrierAccount, 'defaultCapabilities'>, e164: string, said?: NumberCapabilities): NumberCapabilities => {
  const carried = account.defaultCapabilities(e164);
  const claimed = said ?? { ...carried, fax: false };
  // A fax is a call: an account that carries no calls carries no faxes either.
  return { voice: claimed.voice && carried.voice, sms: claimed.sms && carried.sms, mms: claimed.mms && carried.mms, fax: claimed.fax && carried.voice };
};

/** The place libphonenumber alone can tell: the country. */
export const placeOf = (e164: string): NumberPlace => ({
  isoCountry: numberFacts(e164).isoCountry ?? '',
  region: null, locality: null, rateCenter: null, lata: null, postalCode: null, latitude: null, longitude: null,
});

/** Twilio's friendly name for a number: (415) 555-0100 in North America, the E.164 elsewhere. */
export const defaultFriendlyName = (e164: string): string => {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : e164;
};

export const inventoryRecord = (r: NewRecord): InventoryNumber => ({
  sid: r.sid,
  accountSid: r.accountSid,
  phoneNumber: r.e164,
  friendlyName: r.friendlyName ?? defaultFriendlyName(r.e164),
  state: r.state,
  type: r.type,
  origin: r.origin,
  carrier: r.carrier,
  carrierRef: r.carrierRef,
  orderRef: null,
  place: r.place ?? placeOf(r.e164),
  capabilities: r.capabilities,
  monthlyCost: r.monthlyCost,
  config: { ...DEFAULT_NUMBER_CONFIG, ...r.config },
  lastTrafficAt: null,
  inactiveSince: null,
  inactivityWarnedAt: null,
  dateReleased: null,
  quarantineUntil: null,
  quarantineExtensions: 0,
  stateReason: null,
  dateStateChanged: r.now,
  dateCreated: r.now,
  dateUpdated: r.now,
});

/** The Proxy pool record of an inventory number: in no pool yet, with what the allocator filters on. */
export const poolRecordOf = (number: InventoryNumber, now: Date): PoolNumber => ({
  sid: number.sid,
  accountSid: number.accountSid,
  serviceSid: null,
  phoneNumber: number.phoneNumber,
  friendlyName: number.friendlyName,
  // The country and NANP area code the allocator filters on.
  ...numberFacts(number.phoneNumber),
  capabilities: { voice: number.capabilities.voice, sms: number.capabilities.sms, mms: number.capabilities.mms },
  carrier: number.carrier,
  isReserved: false,
  load: 0,
  dateCreated: now,
  dateUpdated: now,
});
