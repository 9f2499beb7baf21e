// The harness of the campaign and toll-free verification suites: a listening masq (loopback) on SQLite and,
// with MASQ_TEST_POSTGRES_URL, on a fresh PostgreSQL schema; the official twilio client pointed at
// /messaging and /api; a clock the test moves; brands and messaging services seeded through the store (they
// are another suite's resources), and the registration sweeper's pass run by hand.
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { sweepRegistrations, type RegistrationSweepReport } from '../../src/app/registration-sweeper.ts';
import type { CarrierAccountSettings } from '../../src/domain/carrier-settings.ts';
import { UNDECIDED, type BrandRegistration } from '../../src/domain/messaging/brand.ts';
import { CARRIER_POLL_SECONDS, CARRIER_RECHECK_SECONDS } from '../../src/domain/messaging/registry-link.ts';
import { DEFAULT_MESSAGING_SETTINGS } from '../../src/domain/messaging/service.ts';
import { POSTGRES_URL } from '../support/stores.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN, type Api } from './support.ts';

export type Client = ReturnType<typeof twilio>;

export interface Harness {
  readonly api: Api;
  readonly client: Client;
  /** Seeds a messaging service; returns its MG sid. */
  service(name?: string): Promise<string>;
  /** Seeds a brand in `status` (APPROVED by default); returns its BN sid. */
  brand(o?: Partial<Pick<BrandRegistration, 'status' | 'brandType' | 'mock' | 'brandScore'>>): Promise<string>;
  /** Moves the clock and runs one registration sweeper pass. */
  sweepAfter(seconds: number): Promise<RegistrationSweepReport>;
  close(): Promise<void>;
}

export const DIALECTS: readonly ('sqlite' | 'postgres')[] = POSTGRES_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

/** The fields of a 10DLC campaign every registry accepts (Rides' PROXY use case); suites add their own. */
export const campaignFields = (brandRegistrationSid: string) => ({
  brandRegistrationSid,
  description: 'Rides sends trip updates between riders and drivers through masked proxy numbers.',
  messageFlow: 'Riders and drivers opt in in the Rides app when they book or accept a trip, with a consent checkbox.',
  messageSamples: ['Your driver Sam is 3 minutes away. Reply STOP to opt out.', 'Rider: I am at the north entrance, blue jacket.'],
  usAppToPersonUsecase: 'PROXY',
  hasEmbeddedLinks: false,
  hasEmbeddedPhone: false,
});

/** `carrierAccounts`: the real carriers' registries to register through (pointed at fakes); none = the sandbox's. */
export const startHarness = async (dialect: 'sqlite' | 'postgres', carrierAccounts: readonly CarrierAccountSettings[] = []): Promise<Harness> => {
  const api = await startSuiteApi(dialect, carrierAccounts.length > 0 ? { carrierAccounts } : {});
  const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  client.messaging.baseUrl = `${origin}/messaging`;
  client.api.baseUrl = `${origin}/api`;
  const deps = api.runtime.deps;
  return {
    api,
    client,
    async service(name = 'Rides') {
      const now = api.clock.now();
      const sid = deps.ids.sid('messagingService');
      await deps.store.createMessagingService({ sid, accountSid: ACCOUNT_SID, friendlyName: name, settings: DEFAULT_MESSAGING_SETTINGS, dateCreated: now, dateUpdated: now });
      return sid;
    },
    async brand(o = {}) {
      const now = api.clock.now();
      const sid = deps.ids.sid('brandRegistration');
      await deps.store.createBrandRegistration({
        ...UNDECIDED, sid, accountSid: ACCOUNT_SID, customerProfileBundleSid: `BU${'a'.repeat(32)}`, a2pProfileBundleSid: `BU${'b'.repeat(32)}`,
        brandType: o.brandType ?? 'STANDARD', status: o.status ?? 'APPROVED', skipAutomaticSecVet: false, mock: o.mock ?? false,
        brandScore: o.brandScore ?? 80, decidesAt: null, dateCreated: now, dateUpdated: now,
      });
      return sid;
    },
    async sweepAfter(seconds) {
      api.clock.advance(seconds);
      return sweepRegistrations(deps);
    },
    close: () => api.close(),
  };
};

/**
 * A VERIFIED campaign its carrier has since suspended (as 'Suspended by T-Mobile'): the next poll leaves it
 * VERIFIED (a decided campaign is only re-checked daily); the daily re-check makes it SUSPENDED with 30990.
 */
export const expectSuspendedByRecheck = async (h: Harness, mg: string, campaignSid: string): Promise<void> => {
  const fetch = () => h.client.messaging.v1.services(mg).usAppToPerson(campaignSid).fetch();
  await h.sweepAfter(CARRIER_POLL_SECONDS + 1);
  assert.equal((await fetch()).campaignStatus, 'VERIFIED');
  await h.sweepAfter(CARRIER_RECHECK_SECONDS);
  const suspended = await fetch();
  assert.equal(suspended.campaignStatus, 'SUSPENDED');
  assert.deepEqual(suspended.errors, [{ error_code: 30990, description: 'Suspended by T-Mobile', fields: [] }]);
};

/** A FAILED brand is decided: the daily re-check does not ask the carrier (`polls` counts its reads); resubmitting makes it PENDING. */
export const expectDecidedThenResubmitted = async (h: Harness, brandSid: string, polls: () => number): Promise<void> => {
  const before = polls();
  await h.sweepAfter(CARRIER_RECHECK_SECONDS);
  assert.equal(polls(), before);
  const raw = await h.api.post(`/messaging/v1/a2p/BrandRegistrations/${brandSid}`);
  assert.equal(raw.status, 202, raw.body);
  assert.deepEqual([raw.json.status, raw.json.errors], ['PENDING', []]);
};
