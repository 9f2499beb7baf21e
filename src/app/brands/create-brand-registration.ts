// POST /v1/a2p/BrandRegistrations: registers a brand with the registry of the carrier account MasqCarrier
// names (the default carrier when absent): Twilio's or Telnyx's, or masq's sandbox registry for accounts
// without one (registrations/registry-for.ts). Registries that read masq's brand profiles (the sandbox,
// Telnyx) take the brand's data from the A2P profile (A2PProfileBundleSid); the customer profile must exist too.
// The brand registration fee is billed in the same transaction (brand-fees.ts).
import { invalidParameter } from '../../domain/errors.ts';
import type { BrandProfile } from '../../domain/messaging/brand-profile.ts';
import { BRAND_TYPES, UNDECIDED, type BrandRegistration, type BrandType } from '../../domain/messaging/brand.ts';
import { isSid } from '../../domain/sid.ts';
import type { RegistrationPort } from '../../ports/registration.ts';
import type { CostRepo, MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { askRegistry, linkFor, requireRegistry } from '../registrations/registry-for.ts';
import { billBrandSubmission } from './brand-fees.ts';
import { requireProfile } from './brand-submission.ts';

export interface BrandRegistrationInput {
  readonly customerProfileBundleSid?: string;
  readonly a2pProfileBundleSid?: string;
  readonly brandType?: string;
  readonly mock?: boolean;
  readonly skipAutomaticSecVet?: boolean;
  /** masq's MasqCarrier: the carrier account whose registry registers it (default: the default carrier). */
  readonly carrier?: string;
}

const bundleSid = (name: string, value: string | undefined): string => {
  if (value === undefined || value === '') throw invalidParameter(name, 'It is required.');
  if (!isSid('bundle', value)) throw invalidParameter(name, 'Expected a BU SID.');
  return value;
};

const brandTypeOf = (value: string | undefined): BrandType => {
  if (value === undefined) return 'STANDARD';
  const found = BRAND_TYPES.find((t) => t === value.toUpperCase());
  if (!found) throw invalidParameter('BrandType', `Expected one of ${BRAND_TYPES.join(', ')}.`);
  return found;
};

/** The brand's profile when its registry reads one (21649 naming the bundle that is not one); null otherwise. */
export const brandProfileFor = async (
  repo: MessagingRepo, port: RegistrationPort, accountSid: string, brand: Pick<BrandRegistration, 'customerProfileBundleSid' | 'a2pProfileBundleSid'>,
): Promise<BrandProfile | null> => {
  // Twilio's registry reads its own Trust Hub bundles: the sids are passed through as they are.
  if (!port.needsBrandProfile) return null;
  await requireProfile(repo, accountSid, 'CustomerProfileBundleSid', brand.customerProfileBundleSid);
  return requireProfile(repo, accountSid, 'A2PProfileBundleSid', brand.a2pProfileBundleSid);
};

export const createBrandRegistration = async (
  deps: DepsWith<MessagingRepo & CostRepo, 'clock' | 'ids' | 'settings' | 'carriers'>, accountSid: string, input: BrandRegistrationInput,
): Promise<BrandRegistration> => {
  const customerProfileBundleSid = bundleSid('CustomerProfileBundleSid', input.customerProfileBundleSid);
  const a2pProfileBundleSid = bundleSid('A2PProfileBundleSid', input.a2pProfileBundleSid);
  const brandType = brandTypeOf(input.brandType);
  const registry = linkFor(deps.carriers, input.carrier ?? deps.settings.defaultCarrier);
  const port = requireRegistry(deps.carriers, { registry });
  const now = deps.clock.now();
  const draft: BrandRegistration = {
    ...UNDECIDED, sid: deps.ids.sid('brandRegistration'), accountSid, customerProfileBundleSid, a2pProfileBundleSid, brandType, status: 'PENDING',
    skipAutomaticSecVet: input.skipAutomaticSecVet ?? false, mock: input.mock ?? false, decidesAt: null, dateCreated: now, dateUpdated: now, registry,
  };
  const profile = await brandProfileFor(deps.store, port, accountSid, draft);
  // Asked before anything is written: a registry that refuses leaves nothing behind (and nothing billed).
  const answer = await askRegistry(registry.carrier, () => port.submitBrand(draft, profile, now));
  const brand: BrandRegistration = {
    ...draft, ...answer.verdict, status: answer.status, decidesAt: answer.checkAt, registry: { ...registry, ref: answer.ref },
  };
  return deps.store.transaction(async (tx) => {
    await tx.createBrandRegistration(brand);
    await billBrandSubmission(deps, tx, brand);
    return brand;
  });
};
