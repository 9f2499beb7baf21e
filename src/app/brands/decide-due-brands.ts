// The registration sweeper's brand step: every brand whose decides_at has come is put to its registry
// (registrations/registry-for.ts): masq's sandbox registry decides a PENDING brand (APPROVED, or FAILED with
// errors[]); a carrier's is asked for the brand's status (decides_at is then "next poll", also after
// approval, so a suspension at the carrier is seen). Called by the registration sweeper each pass, and by
// tests with a moved clock. The registry is asked outside any transaction; the answer is written under the
// brand's lock on a fresh read, and only if the brand is still the one asked about (same status and
// decides_at), so two instances sweeping at once write it once. The pass is bounded by `limit`.
import { CARRIER_POLL_SECONDS } from '../../domain/messaging/registry-link.ts';
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import { addSeconds } from '../../domain/messaging/tollfree-verification.ts';
import type { CarrierAccounts } from '../../ports/carrier.ts';
import type { BrandAnswer } from '../../ports/registration.ts';
import type { Locks, MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { registryFor } from '../registrations/registry-for.ts';

type Deps = DepsWith<MessagingRepo & Locks, 'carriers'>;

/** The registry's answer; a registry that cannot be asked now (account gone, carrier down) is asked again later. */
const ask = async (deps: Deps, carriers: CarrierAccounts, brand: BrandRegistration, now: Date): Promise<BrandAnswer> => {
  const port = registryFor(carriers, brand);
  const later: BrandAnswer = { ref: brand.registry?.ref ?? null, status: brand.status, verdict: brand, checkAt: addSeconds(now, CARRIER_POLL_SECONDS) };
  if (!port) return later;
  const profile = port.needsBrandProfile ? await deps.store.findBrandProfile(brand.accountSid, brand.a2pProfileBundleSid) : null;
  try {
    return await port.checkBrand(brand, profile, now);
  } catch {
    return later;
  }
};

/** Returns how many brands this pass decided or polled. */
export const decideDueBrands = async (deps: Deps, now: Date, limit: number): Promise<number> => {
  const due = await deps.store.dueBrandRegistrations(now, limit);
  let decided = 0;
  for (const candidate of due) {
    const answer = await ask(deps, deps.carriers, candidate, now);
    const done = await deps.store.transaction(async (tx) => {
      await tx.lock([`brand:${candidate.sid}`]);
      const brand = await tx.findBrandRegistration(candidate.accountSid, candidate.sid);
      if (!brand || brand.status !== candidate.status || brand.decidesAt?.getTime() !== candidate.decidesAt?.getTime()) return false;
      const { tcrId, failureReason, errors, brandScore, brandFeedback, identityStatus, russell3000, governmentEntity, taxExemptStatus } = answer.verdict;
      await tx.updateBrandRegistration(brand.accountSid, brand.sid, {
        tcrId, failureReason, errors, brandScore, brandFeedback, identityStatus, russell3000, governmentEntity, taxExemptStatus,
        status: answer.status, decidesAt: answer.checkAt, dateUpdated: answer.status === brand.status ? brand.dateUpdated : now,
        ...(brand.registry && { registry: { ...brand.registry, ref: answer.ref ?? brand.registry.ref } }),
      });
      return true;
    });
    if (done) decided += 1;
  }
  return decided;
};
