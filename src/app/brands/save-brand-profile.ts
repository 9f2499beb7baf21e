// POST /masq/v1/BrandProfiles (create) and POST /masq/v1/BrandProfiles/{BU} (update): the business data a
// brand registration is checked against. A FAILED brand is corrected by updating its profile, then
// resubmitting the brand (POST /v1/a2p/BrandRegistrations/{BN}).
import { invalidParameter, notFound } from '../../domain/errors.ts';
import { EMPTY_PROFILE_DATA, type BrandProfile } from '../../domain/messaging/brand-profile.ts';
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { applyProfileInput, type BrandProfileInput } from './brand-profile-input.ts';

const MAX_FRIENDLY_NAME = 255;

const friendlyName = (value: string | undefined, fallback: string): string => {
  if (value === undefined) return fallback;
  if (value.trim() === '' || value.length > MAX_FRIENDLY_NAME) throw invalidParameter('FriendlyName', `Expected 1 to ${MAX_FRIENDLY_NAME} characters.`);
  return value;
};

export const createBrandProfile = async (deps: DepsWith<MessagingRepo, 'clock' | 'ids'>, accountSid: string, input: BrandProfileInput): Promise<BrandProfile> => {
  const data = applyProfileInput(EMPTY_PROFILE_DATA, input);
  const now = deps.clock.now();
  const profile: BrandProfile = {
    ...data, sid: deps.ids.sid('bundle'), accountSid, friendlyName: friendlyName(input.friendlyName, data.legalName ?? 'Brand profile'),
    dateCreated: now, dateUpdated: now,
  };
  await deps.store.createBrandProfile(profile);
  return profile;
};

export const fetchBrandProfile = async (deps: DepsWith<MessagingRepo>, accountSid: string, sid: string): Promise<BrandProfile> => {
  const profile = await deps.store.findBrandProfile(accountSid, sid);
  if (!profile) throw notFound(`/BrandProfiles/${sid}`);
  return profile;
};

export const updateBrandProfile = async (deps: DepsWith<MessagingRepo, 'clock'>, accountSid: string, sid: string, input: BrandProfileInput): Promise<BrandProfile> => {
  const current = await fetchBrandProfile(deps, accountSid, sid);
  const updated = await deps.store.updateBrandProfile(accountSid, {
    ...current, ...applyProfileInput(current, input), friendlyName: friendlyName(input.friendlyName, current.friendlyName), dateUpdated: deps.clock.now(),
  });
  if (!updated) throw notFound(`/BrandProfiles/${sid}`);
  return updated;
};
