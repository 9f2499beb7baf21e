// Small builders for domain objects, for any suite that needs rows. Sids are random (crypto), so tests
// never collide with each other's data; every builder takes overrides for what a test cares about.
import { randomBytes, randomInt } from 'node:crypto';
import type { Account, ApiKey } from '../../src/domain/account.ts';
import { hashApiKeySecret } from '../../src/domain/api-key-secret.ts';
import type { Interaction } from '../../src/domain/interaction.ts';
import { EMPTY_LEG } from '../../src/domain/interaction.ts';
import type { Participant } from '../../src/domain/participant.ts';
import type { PoolNumber } from '../../src/domain/pool-number.ts';
import { DEFAULT_DIAL_RULES, type Service } from '../../src/domain/service.ts';
import type { Session } from '../../src/domain/session.ts';
import { inventoryRecord } from '../../src/app/inventory-records.ts';
import type { InventoryNumber } from '../../src/domain/inventory-number.ts';
import { SID_PREFIXES, type SidKind } from '../../src/domain/sid.ts';

export const sid = (kind: SidKind): string => SID_PREFIXES[kind] + randomBytes(16).toString('hex');

/** A fixed, millisecond-exact instant so date round-trips are checked to the millisecond. */
export const T0 = new Date('2025-03-04T05:06:07.089Z');
export const at = (secondsAfterT0: number): Date => new Date(T0.getTime() + secondsAfterT0 * 1000);

// Numbers handed out in this process: random ones collide now and then (a birthday problem over a few million),
// and a suite seeding two pools in one schema would then fail on the live-number unique index for no reason.
const issuedNumbers = new Set<string>();

/** A random, valid-looking NANP number in the given area code (default 415), never the same twice in a process. */
export const usNumber = (areaCode = '415'): string => {
  for (;;) {
    const e164 = `+1${areaCode}${randomInt(200, 999)}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
    if (!issuedNumbers.has(e164)) {
      issuedNumbers.add(e164);
      return e164;
    }
  }
};
export const gbNumber = (): string => `+447${String(randomInt(100_000_000, 999_999_999))}`;

export const anAccount = (o: Partial<Account> = {}): Account => ({
  sid: sid('account'), friendlyName: 'Test account', authToken: randomBytes(16).toString('hex'),
  ownerAccountSid: null, status: 'active', dateCreated: T0, dateUpdated: T0, ...o,
});

/** A key whose secret is `secret` (stored, like masq does, only as its salted hash). */
export const anApiKey = (account: Pick<Account, 'sid'>, o: Partial<ApiKey> & { secret?: string } = {}): ApiKey => {
  const { secret = randomBytes(16).toString('hex'), ...rest } = o;
  const salt = randomBytes(16).toString('hex');
  return {
    sid: sid('apiKey'), accountSid: account.sid, friendlyName: null, secretSalt: salt, secretHash: hashApiKeySecret(salt, secret),
    dateCreated: T0, dateUpdated: T0, ...rest,
  };
};

export const aService = (account: Pick<Account, 'sid'>, o: Partial<Service> = {}): Service => ({
  sid: sid('service'), accountSid: account.sid, uniqueName: `svc-${randomBytes(4).toString('hex')}`,
  chatInstanceSid: null, callbackUrl: null, interceptCallbackUrl: null, outOfSessionCallbackUrl: null,
  defaultTtl: 0, geoMatchLevel: 'country', numberSelectionBehavior: 'prefer-sticky',
  dialRules: DEFAULT_DIAL_RULES, poolLimit: null, optOutWords: null, dateCreated: T0, dateUpdated: T0, ...o,
});

/** A US number in the service's pool; pass `serviceSid: null` for plain inventory. */
export const aPoolNumber = (service: Pick<Service, 'sid' | 'accountSid'>, o: Partial<PoolNumber> = {}): PoolNumber => ({
  sid: sid('phoneNumber'), accountSid: service.accountSid, serviceSid: service.sid, phoneNumber: usNumber(),
  friendlyName: null, isoCountry: 'US', areaCode: '415', capabilities: { voice: true, sms: true, mms: false },
  carrier: 'sandbox', isReserved: false, load: 0, dateCreated: T0, dateUpdated: T0, ...o,
});

export const aSession = (service: Pick<Service, 'sid' | 'accountSid'>, o: Partial<Session> = {}): Session => ({
  sid: sid('session'), serviceSid: service.sid, accountSid: service.accountSid, uniqueName: null,
  status: 'open', closedReason: null, mode: 'voice-and-message', ttl: 0, dateExpiry: null,
  dateStarted: T0, dateEnded: null, dateLastInteraction: null, expiresAt: null, dateCreated: T0, dateUpdated: T0, ...o,
});

/** A participant of `session` talking through `proxy` (a pool number, or an unmanaged address string). */
export const aParticipant = (
  session: Pick<Session, 'sid' | 'serviceSid' | 'accountSid'>,
  proxy: Pick<PoolNumber, 'sid' | 'phoneNumber'> | string,
  o: Partial<Participant> = {},
): Participant => ({
  sid: sid('participant'), sessionSid: session.sid, serviceSid: session.serviceSid, accountSid: session.accountSid,
  friendlyName: null, identifier: usNumber('212'),
  proxyIdentifier: typeof proxy === 'string' ? proxy : proxy.phoneNumber,
  proxyIdentifierSid: typeof proxy === 'string' ? null : proxy.sid,
  dateDeleted: null, dateCreated: T0, dateUpdated: T0, ...o,
});

export const anInteraction = (session: Pick<Session, 'sid' | 'serviceSid' | 'accountSid'>, o: Partial<Interaction> = {}): Interaction => ({
  sid: sid('interaction'), sessionSid: session.sid, serviceSid: session.serviceSid, accountSid: session.accountSid,
  type: 'message', data: '{"body":"hello"}', inbound: EMPTY_LEG, outbound: EMPTY_LEG, participantSid: null,
  dateCreated: T0, dateUpdated: T0, ...o,
});

/** An active inventory record for `e164` in the account (as a purchase or a pool add makes one). */
export const anInventoryNumber = (accountSid: string, e164: string = usNumber(), o: Partial<InventoryNumber> = {}): InventoryNumber => ({
  ...inventoryRecord({
    sid: sid('phoneNumber'), accountSid, e164, state: 'active', origin: 'purchased', carrier: 'sandbox', carrierRef: e164,
    type: 'local', place: null, capabilities: { voice: true, sms: true, mms: false, fax: false }, monthlyCost: '1.15', friendlyName: null, now: T0,
  }),
  ...o,
});
