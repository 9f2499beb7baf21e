// The registration sweeper (docs/messaging.md, "The sandbox registry" and "Real carriers"), run as a periodic background task
// (every MASQ_NUMBER_SWEEP_INTERVAL_MS, beside the number sweeper). One pass decides what the registry has due, in three bounded steps:
//   1. brands whose review time has come (app/brands/decide-due-brands.ts);
//   2. campaigns under review (app/campaigns/decide-due-campaigns.ts);
//   3. toll-free verifications, one step each (app/tollfree/decide-due-verifications.ts).
// Brands go first so that a campaign never waits a pass for a brand decided in the same one. Each item is
// decided in its own transaction under its own lock: two instances sweeping at once decide it once.
import type { CostRepo, InventoryRepo, JobRepo, Locks, MessagingRepo, RegistrationRepo } from '../ports/store.ts';
import { decideDueBrands } from './brands/decide-due-brands.ts';
import { decideDueCampaigns } from './campaigns/decide-due-campaigns.ts';
import type { DepsWith } from './deps.ts';
import { decideDueVerifications } from './tollfree/decide-due-verifications.ts';

export interface RegistrationSweepLimits {
  readonly brands: number;
  readonly campaigns: number;
  readonly verifications: number;
}

export const REGISTRATION_SWEEP_LIMITS: RegistrationSweepLimits = { brands: 100, campaigns: 100, verifications: 100 };

export interface RegistrationSweepReport {
  readonly brands: number;
  readonly campaigns: number;
  readonly verifications: number;
  /** A step read a full batch: more may be due, and the periodic task runs the next pass at once. */
  readonly more: boolean;
}

export type RegistrationSweepDeps = DepsWith<MessagingRepo & RegistrationRepo & InventoryRepo & CostRepo & JobRepo & Locks, 'clock' | 'ids' | 'settings' | 'carriers'>;

/** One pass over everything the registry has due now. */
export const sweepRegistrations = async (deps: RegistrationSweepDeps, limits: RegistrationSweepLimits = REGISTRATION_SWEEP_LIMITS): Promise<RegistrationSweepReport> => {
  const now = deps.clock.now();
  const brands = await decideDueBrands(deps, now, limits.brands);
  const campaigns = await decideDueCampaigns(deps, now, limits.campaigns);
  const verifications = await decideDueVerifications(deps, now, limits.verifications);
  return { brands, campaigns, verifications, more: brands >= limits.brands || campaigns >= limits.campaigns || verifications >= limits.verifications };
};
