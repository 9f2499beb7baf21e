// POST /v1/a2p/BrandRegistrations/{BN} with no body: resubmits a FAILED brand (21725 otherwise) to the
// registry that holds it, checked against its A2P profile as it is now, so the way to fix a brand is to
// correct the profile first (or, at Twilio, its Trust Hub bundles). Billed again (brand-fees.ts). Answered
// 202 by the route, as Twilio does. The registry is asked outside the transaction (a carrier's answer can
// take seconds); the brand is then written only if it is still the FAILED brand that was resubmitted.
import { AppError, notFound } from '../../domain/errors.ts';
import { canResubmit, type BrandRegistration } from '../../domain/messaging/brand.ts';
import { registryOf } from '../../domain/messaging/registry-link.ts';
import type { CostRepo, Locks, MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { askRegistry, requireRegistry } from '../registrations/registry-for.ts';
import { billBrandSubmission } from './brand-fees.ts';
import { brandProfileFor } from './create-brand-registration.ts';

const notResubmittable = (brand: BrandRegistration) =>
  new AppError('brand-not-resubmittable', `Brand registration ${brand.sid} is ${brand.status}; only a FAILED brand can be resubmitted`);

export const resubmitBrandRegistration = async (
  deps: DepsWith<MessagingRepo & CostRepo & Locks, 'clock' | 'ids' | 'settings' | 'carriers'>, accountSid: string, sid: string,
): Promise<BrandRegistration> => {
  const brand = await deps.store.findBrandRegistration(accountSid, sid);
  if (!brand) throw notFound(`/a2p/BrandRegistrations/${sid}`);
  if (!canResubmit(brand)) throw notResubmittable(brand);
  const port = requireRegistry(deps.carriers, brand);
  const profile = await brandProfileFor(deps.store, port, accountSid, brand);
  const now = deps.clock.now();
  const link = registryOf(brand);
  const answer = await askRegistry(link.carrier, () => port.submitBrand(brand, profile, now));
  return deps.store.transaction(async (tx) => {
    await tx.lock([`brand:${sid}`]);
    const current = await tx.findBrandRegistration(accountSid, sid);
    if (!current) throw notFound(`/a2p/BrandRegistrations/${sid}`);
    if (!canResubmit(current)) throw notResubmittable(current);
    const updated = await tx.updateBrandRegistration(accountSid, sid, {
      ...answer.verdict, status: answer.status, decidesAt: answer.checkAt, dateUpdated: now, registry: { ...link, ref: answer.ref ?? link.ref },
    });
    if (!updated) throw notFound(`/a2p/BrandRegistrations/${sid}`);
    // A resubmission is a new submission to the registry, billed again.
    await billBrandSubmission(deps, tx, updated);
    return updated;
  });
};
