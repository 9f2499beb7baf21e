// Test-only builders for allocator tests (imported by *.test.ts files, never by production code).
import type { SmsGateError } from '../messaging/sms-gate.ts';
import type { PoolNumber } from '../pool-number.ts';
import type { AllocationRequest, CandidateFacts, GeoTier } from './types.ts';

export const SERVICE_SID = 'KS00000000000000000000000000000001';
const EPOCH = new Date('2026-01-01T00:00:00Z');

export const tier = (label: string, countries: readonly string[] | null, areaCodes: readonly string[] | null = null): GeoTier => ({
  countries,
  areaCodes,
  label,
});

export const US_TIER = tier('same country (US)', ['US']);

export const poolNumber = (sid: string, phoneNumber: string, overrides: Partial<PoolNumber> = {}): PoolNumber => ({
  sid,
  accountSid: 'AC00000000000000000000000000000001',
  serviceSid: SERVICE_SID,
  phoneNumber,
  friendlyName: null,
  isoCountry: 'US',
  areaCode: phoneNumber.startsWith('+1') ? phoneNumber.slice(2, 5) : null,
  capabilities: { voice: true, sms: true, mms: false },
  carrier: 'sandbox',
  isReserved: false,
  load: 0,
  dateCreated: EPOCH,
  dateUpdated: EPOCH,
  ...overrides,
});

/** `lastUsedHour`: hours after the fixture epoch when the identifier last held it; null = never. */
export const facts = (number: PoolNumber, opts: { bound?: boolean; lastUsedHour?: number | null; smsGated?: SmsGateError | null } = {}): CandidateFacts => ({
  number,
  boundToIdentifier: opts.bound ?? false,
  lastUsedByIdentifier: opts.lastUsedHour === undefined || opts.lastUsedHour === null
    ? null
    : new Date(EPOCH.getTime() + opts.lastUsedHour * 3_600_000),
  ...(opts.smsGated ? { smsGated: opts.smsGated } : {}),
});

export const request = (overrides: Partial<AllocationRequest> = {}): AllocationRequest => ({
  identifier: '+14155551212',
  mode: 'voice-and-message',
  geoMatchLevel: 'country',
  behavior: 'prefer-sticky',
  tiers: [US_TIER],
  counterpartNumberSid: null,
  ...overrides,
});
