// The port-in sweeper (background task `port-in-sweeper`): one pass
//   1. expires requests whose LOA was not signed in time (Expired, their numbers Canceled, and the orders of
//      a carrier that collects the signature canceled there);
//   2. hands Submitted numbers to the gaining carrier, which puts them to the losing carrier: Pending with
//      a FOC date, or Rejected with a reason;
//   3. executes due ports: a Pending number whose FOC date has come joins the inventory, active on the
//      gaining carrier (origin ported-in), and is Completed;
//   4. asks real carriers (Twilio, Telnyx), which answer a submission with an order that decides later,
//      where their due orders stand (the LOA signed yet?), and moves those numbers the same way
//      (carrier-port-orders.ts); a number such a carrier could not take when its request was created is
//      submitted again there.
// Each number moves in its own transaction with its webhook; the request's status follows. Driven by the
// clock, so tests move the clock and call the pass.
import type { AppDeps } from '../deps.ts';
import { abandonPortOrders, pollPortOrders, submitPortNumber } from './carrier-port-orders.ts';
import { completePortIn } from './complete-port-in.ts';
import { moveNumber, setRequestStatus } from './port-in-events.ts';

const BATCH = 100;

export interface PortInSweepResult {
  readonly expired: number;
  readonly decided: number;
  readonly completed: number;
  /** Carrier orders asked about. */
  readonly polled: number;
  /** A batch was full: run again. */
  readonly more: boolean;
}

const expireUnsigned = async (deps: AppDeps, now: Date): Promise<number> => {
  const due = await deps.store.expiredUnsignedPortIns(now, BATCH);
  for (const request of due) {
    await abandonPortOrders(deps, await deps.store.portInNumbers(request.sid));
    await deps.store.transaction(async (tx) => {
      for (const number of await tx.portInNumbers(request.sid)) if (number.status === 'Waiting for Signature') await moveNumber(deps, tx, number, 'Canceled', { pollAt: null });
      await setRequestStatus(deps, tx, request, 'Expired', { orderCancellationReason: 'The Letter of Authorization was not signed in time' });
    });
  }
  return due.length;
};

export const sweepPortIns = async (deps: AppDeps): Promise<PortInSweepResult> => {
  const now = deps.clock.now();
  const expired = await expireUnsigned(deps, now);
  const submitted = await deps.store.duePortInNumbers('Submitted', now, BATCH);
  for (const number of submitted) await submitPortNumber(deps, number);
  const due = await deps.store.duePortInNumbers('Pending', now, BATCH);
  for (const number of due) await completePortIn(deps, number);
  const polled = await pollPortOrders(deps, now, BATCH);
  return {
    expired, decided: submitted.length, completed: due.length, polled, more: Math.max(expired, submitted.length, due.length, polled) >= BATCH,
  };
};
