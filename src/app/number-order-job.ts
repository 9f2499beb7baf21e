// The job that gets a bought number from its carrier: kind 'number-order', one per inventory record in
// state `provisioning` (written in the purchase's transaction, run at once). It places the order (the
// record's sid is the idempotency key, so a crash between placing and recording it cannot buy twice where
// the carrier honours keys), follows an asynchronous order (Telnyx) until the carrier fills it, and moves
// the record to `active` or `failed`.
// An order whose outcome is unknown (no answer) is asked again rather than called failed: every numbers
// port finds its earlier purchase on a retry with the same key (Twilio: the number is already the
// account's; Telnyx: the order's customer_reference), whereas calling it failed would leave a number
// bought at the carrier that masq does not hold. An attempt can outlive its lease while another one runs,
// so the record moves on only while it is still `provisioning`: a late attempt never undoes a settled one.
import type { InventoryNumber } from '../domain/inventory-number.ts';
import type { NumbersPort, OrderState, OwnedNumber } from '../ports/carrier.ts';
import type { InventoryPatch, Job, NewJob, Repos } from '../ports/store.ts';
import { billFirstLease } from './bill-leases.ts';
import { describeFailure } from './callbacks/wire.ts';
import type { AppDeps } from './deps.ts';
import { capabilitiesOn } from './inventory-records.ts';
import type { JobResult } from './run-jobs.ts';

/** Polls of an asynchronous order, with the queue's backoff (capped at 10 minutes): some hours in all. */
const ORDER_ATTEMPTS = 40;

export const numberOrderJobId = (numberSid: string): string => `NO${numberSid}`;

/**
 * Why an order failed, kept in the record's state_reason: the kind as a prefix, then the carrier's words.
 * The buyer waiting on the order reads it back (orderFailureOf) to answer 21422 or 21458.
 */
export type OrderFailureKind = 'unavailable' | 'type-mismatch' | 'other';

const failureReason = (kind: OrderFailureKind, text: string): string => (kind === 'other' ? text : `${kind}: ${text}`);

export const orderFailureOf = (reason: string | null): { readonly kind: OrderFailureKind; readonly text: string } => {
  const text = reason ?? 'the carrier refused the order';
  for (const kind of ['unavailable', 'type-mismatch'] as const) {
    if (text.startsWith(`${kind}: `)) return { kind, text: text.slice(kind.length + 2) };
  }
  return { kind: 'other', text };
};

export const numberOrderJob = (number: InventoryNumber, now: Date): NewJob => ({
  id: numberOrderJobId(number.sid), accountSid: number.accountSid, kind: 'number-order', maxAttempts: ORDER_ATTEMPTS,
  payload: { numberSid: number.sid }, nextAttemptAt: now, dateCreated: now,
});

/** Applies `patch` if the record is still provisioning (under the number's lock, as releases take it), then `then`. */
const whileProvisioning = (deps: AppDeps, number: InventoryNumber, patch: InventoryPatch, then?: (tx: Repos) => Promise<void>): Promise<void> =>
  deps.store.transaction(async (tx) => {
    await tx.lock([`number:${number.sid}`]);
    const current = await tx.findInventoryNumber(number.accountSid, number.sid);
    if (current?.state !== 'provisioning') return;
    await tx.updateInventoryNumber(number.accountSid, number.sid, patch);
    if (then) await then(tx);
  });

const fail = async (deps: AppDeps, number: InventoryNumber, reason: string): Promise<JobResult> => {
  const now = deps.clock.now();
  await whileProvisioning(deps, number, { state: 'failed', stateReason: reason, dateStateChanged: now, dateUpdated: now });
  return { kind: 'done' };
};

const activate = async (deps: AppDeps, number: InventoryNumber, owned: OwnedNumber): Promise<JobResult> => {
  const now = deps.clock.now();
  const carried = deps.carriers.find(number.carrier);
  await whileProvisioning(deps, number, {
    state: 'active', carrierRef: owned.carrierRef, orderRef: null,
    // What the carrier says the number does, within what its account here carries.
    capabilities: carried ? capabilitiesOn(carried, number.phoneNumber, owned.capabilities) : owned.capabilities,
    ...(owned.type !== null && { type: owned.type }),
    ...(owned.monthlyPrice !== null && { monthlyCost: owned.monthlyPrice }),
    ...(owned.place ? { place: owned.place } : {}),
    lastTrafficAt: now, stateReason: null, dateStateChanged: now, dateUpdated: now,
  }, (tx) => billFirstLease(deps, tx, number.sid));
  return { kind: 'done' };
};

/** A typed purchase (IncomingPhoneNumbers/Local...) of a number of another type is undone: 21458. */
const typeMismatch = (number: InventoryNumber, owned: OwnedNumber): boolean =>
  number.type !== null && owned.type !== null && owned.type !== number.type;

const settleOrder = async (deps: AppDeps, numbers: NumbersPort, number: InventoryNumber, state: OrderState, lastAttempt: boolean): Promise<JobResult> => {
  if (state.state === 'failed') return fail(deps, number, failureReason(state.unavailable ? 'unavailable' : 'other', state.reason));
  if (state.state === 'complete') {
    if (!typeMismatch(number, state.number)) return activate(deps, number, state.number);
    await numbers.release({ e164: number.phoneNumber, carrierRef: state.number.carrierRef });
    return fail(deps, number, failureReason('type-mismatch', `the carrier sold ${number.phoneNumber} as ${state.number.type ?? 'unknown'}, not ${number.type ?? 'unknown'}`));
  }
  if (number.orderRef !== state.orderRef) {
    await whileProvisioning(deps, number, { orderRef: state.orderRef, dateUpdated: deps.clock.now() });
  }
  if (lastAttempt) return fail(deps, number, `the carrier did not complete order ${state.orderRef} in time`);
  return { kind: 'retry', error: `order ${state.orderRef} is still pending at the carrier` };
};

export const runNumberOrder = async (deps: AppDeps, job: Job): Promise<JobResult> => {
  const numberSid = typeof job.payload.numberSid === 'string' ? job.payload.numberSid : null;
  if (numberSid === null) return { kind: 'give-up', error: 'job payload has no numberSid' };
  const number = await deps.store.findInventoryNumber(job.accountSid, numberSid);
  if (number?.state !== 'provisioning') return { kind: 'done' };
  const numbers = deps.carriers.find(number.carrier)?.numbers ?? null;
  if (!numbers) return fail(deps, number, `carrier account ${number.carrier} cannot order numbers`);
  const lastAttempt = job.attempts + 1 >= (job.maxAttempts ?? ORDER_ATTEMPTS);
  try {
    const state = number.orderRef === null
      ? await numbers.order({ e164: number.phoneNumber, idempotencyKey: number.sid })
      : await numbers.getOrder(number.orderRef);
    return await settleOrder(deps, numbers, number, state, lastAttempt);
  } catch (err) {
    // Unsent or unknown alike: the retry, with the same key, finds an order that did go through.
    if (lastAttempt) return fail(deps, number, describeFailure(err));
    return { kind: 'retry', error: describeFailure(err) };
  }
};
