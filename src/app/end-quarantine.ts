// The end of one number's quarantine (docs/numbers.md, "Lifecycle"): still getting misdirected traffic ->
// extended; else a sandbox number goes back into the sandbox's stock (`recycled`: its search offers it
// again, since the stock is the plan less every live record) and a real carrier's number is released at
// its carrier (`returned`).
//
// Two instances may sweep at once. Each decision is taken under the number's lock (`number:{sid}`, the key
// release-number.ts takes too) on a fresh read, so the second instance finds the work done. Releasing at
// a carrier is an HTTP call, and no transaction is held across it (on SQLite it would stall every other
// write): the number is claimed first by pushing its quarantine end a lease into the future, which takes
// it off every sweeper's due list, then released, then marked returned. A failed release hands the number
// back to the due list a minute later; a crash mid-release lets the lease run out, and the next sweep
// releases again (a carrier treats releasing a number it no longer has as done).
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { decideQuarantineEnd, misdirectedWindowStart, type NumberPolicy } from '../domain/number-lifecycle.ts';
import type { CarrierAccounts } from '../ports/carrier.ts';
import type { InventoryRepo, InventoryPatch, Locks } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

/** How long a claimed number stays off the due list while its carrier is asked to release it. */
export const RETURN_LEASE_MS = 5 * 60_000;
/** When a failed release is tried again (about the next pass at the default interval). */
export const RETURN_RETRY_MS = 60_000;

export type QuarantineOutcome = 'skipped' | 'extended' | 'recycled' | 'returned';

type Ending = DepsWith<InventoryRepo & Locks, 'clock' | 'carriers'>;

type Claim =
  | { readonly kind: 'settled'; readonly outcome: QuarantineOutcome }
  | { readonly kind: 'return'; readonly number: InventoryNumber; readonly leaseUntil: Date };

/** The sandbox sells from its plan less the live records, so a number leaves it by state alone. */
const goesBackToSandbox = (carriers: CarrierAccounts, number: InventoryNumber): boolean => {
  const account = carriers.find(number.carrier);
  // A sandbox number whose sandbox has since been turned off has no carrier to be given back to either.
  return account ? account.type === 'sandbox' : number.carrier === 'sandbox';
};

const later = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** Patches the number under its lock if it is still quarantined and `stillOurs` holds; false otherwise. */
const patchIfQuarantined = (
  deps: DepsWith<InventoryRepo & Locks>, number: InventoryNumber, stillOurs: (current: InventoryNumber) => boolean, patch: InventoryPatch,
): Promise<boolean> =>
  deps.store.transaction(async (tx) => {
    await tx.lock([`number:${number.sid}`]);
    const current = await tx.findInventoryNumber(number.accountSid, number.sid);
    if (current?.state !== 'quarantined' || !stillOurs(current)) return false;
    await tx.updateInventoryNumber(number.accountSid, number.sid, patch);
    return true;
  });

/** Under the lock, on a fresh read: extend, recycle, or claim the number for its carrier release. */
const decide = (deps: Ending, number: InventoryNumber, policy: NumberPolicy): Promise<Claim> =>
  deps.store.transaction(async (tx): Promise<Claim> => {
    await tx.lock([`number:${number.sid}`]);
    const current = await tx.findInventoryNumber(number.accountSid, number.sid);
    const now = deps.clock.now();
    if (current?.state !== 'quarantined' || current.quarantineUntil === null || current.quarantineUntil > now) {
      return { kind: 'settled', outcome: 'skipped' };
    }
    const recent = await tx.countMisdirectedSince(current.sid, misdirectedWindowStart(policy, now));
    const decision = decideQuarantineEnd(current, recent, policy, now);
    const at = { accountSid: current.accountSid, sid: current.sid };
    if (decision.kind === 'extend') {
      await tx.updateInventoryNumber(at.accountSid, at.sid, {
        quarantineUntil: decision.until, quarantineExtensions: current.quarantineExtensions + 1, dateUpdated: now,
      });
      return { kind: 'settled', outcome: 'extended' };
    }
    if (goesBackToSandbox(deps.carriers, current)) {
      await tx.updateInventoryNumber(at.accountSid, at.sid, {
        state: 'recycled', stateReason: "quarantine ended: back in the sandbox's stock", dateStateChanged: now, dateUpdated: now,
      });
      return { kind: 'settled', outcome: 'recycled' };
    }
    const leaseUntil = later(now, RETURN_LEASE_MS);
    await tx.updateInventoryNumber(at.accountSid, at.sid, { quarantineUntil: leaseUntil, dateUpdated: now });
    return { kind: 'return', number: current, leaseUntil };
  });

const releaseAtCarrier = async (carriers: CarrierAccounts, number: InventoryNumber): Promise<void> => {
  const numbers = carriers.find(number.carrier)?.numbers ?? null;
  if (!numbers) throw new Error(`carrier account '${number.carrier}' is not configured here (or cannot release numbers), so ${number.phoneNumber} stays quarantined`);
  await numbers.release({ e164: number.phoneNumber, carrierRef: number.carrierRef ?? number.phoneNumber });
};

/** A release that failed, as the sweep reports it (the number stays quarantined and is retried). */
export class ReturnFailed extends Error {
  constructor(number: InventoryNumber, cause: unknown) {
    super(`could not return ${number.phoneNumber} (${number.sid}) to carrier '${number.carrier}': ${cause instanceof Error ? cause.message : String(cause)}; retried in ${RETURN_RETRY_MS / 1000} s`, { cause });
    this.name = 'ReturnFailed';
  }
}

const returnToCarrier = async (deps: Ending, number: InventoryNumber, leaseUntil: Date): Promise<QuarantineOutcome> => {
  try {
    await releaseAtCarrier(deps.carriers, number);
  } catch (err) {
    const now = deps.clock.now();
    // Back on the due list, unless the lease ran out meanwhile and another sweep holds it now.
    await patchIfQuarantined(deps, number, (current) => current.quarantineUntil?.getTime() === leaseUntil.getTime(), {
      quarantineUntil: later(now, RETURN_RETRY_MS), dateUpdated: now,
    });
    throw new ReturnFailed(number, err);
  }
  const now = deps.clock.now();
  // The carrier has it back: whoever holds the claim now, the number is returned.
  await patchIfQuarantined(deps, number, () => true, {
    state: 'returned', quarantineUntil: now, stateReason: `quarantine ended: released at carrier '${number.carrier}'`,
    dateStateChanged: now, dateUpdated: now,
  });
  return 'returned';
};

/** Ends (or extends) one due quarantine; throws ReturnFailed when its carrier could not take it back. */
export const endQuarantine = async (deps: Ending, number: InventoryNumber, policy: NumberPolicy): Promise<QuarantineOutcome> => {
  const claim = await decide(deps, number, policy);
  return claim.kind === 'settled' ? claim.outcome : returnToCarrier(deps, claim.number, claim.leaseUntil);
};
