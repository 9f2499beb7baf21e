// Port-in through a carrier that decides later (Twilio's Port In API, Telnyx porting orders): the sweeper
// hands a Submitted number to the carrier, which answers with its order's ref; from then on masq asks the
// carrier where the order stands (every POLL_INTERVAL_MS, the longest-waiting first, a batch per pass),
// and the carrier's porting webhook makes it ask at once. Both go through pollPortOrder, whose moves are
// guarded by the number's status, so a webhook and a poll reporting the same change apply it once, with
// the same per-number webhooks and events as the sandbox's ports.
// A carrier that collects the LOA signature itself (collectsSignature 'carrier': Twilio, Telnyx) gets the
// numbers when the request is created; they stay Waiting for Signature while its order says
// awaiting-signature, and the first answer past that records the signature as the sandbox's Sign route
// does (the request In progress, the number Submitted) before applying the rest.
import type { PortOrderState } from '../../domain/porting/losing-carrier.ts';
import type { PortInNumber } from '../../domain/porting/port-in.ts';
import { CarrierSendError, type PortingPort } from '../../ports/carrier.ts';
import type { AppDeps } from '../deps.ts';
import { completePortIn } from './complete-port-in.ts';
import { moveNumber, settleRequest } from './port-in-events.ts';
import { recordSignature } from './sign-port-in.ts';

/** How often masq asks a carrier about an order it has heard nothing of (its webhooks come sooner). */
export const POLL_INTERVAL_MS = 10 * 60_000;

/** One submission of one number: a resubmission after a correction changes the number's status date, so its key. */
export const submissionKey = (number: PortInNumber): string => `${number.sid}-${number.dateStatusChanged.getTime()}`;

const nextPoll = (deps: AppDeps): Date => new Date(deps.clock.now().getTime() + POLL_INTERVAL_MS);

/** The carrier took the submission: the number keeps its status (Submitted, or Waiting for Signature at a carrier that collects it), waiting on the carrier's order. */
const waitOnCarrier = async (deps: AppDeps, number: PortInNumber, ref: string): Promise<void> => {
  await deps.store.updatePortInNumber(number.sid, number.status, { carrierRef: ref, pollAt: nextPoll(deps), dateUpdated: deps.clock.now() });
};

const isWaiting = (number: PortInNumber): boolean =>
  number.carrierRef !== null && (number.status === 'Waiting for Signature' || number.status === 'Submitted' || number.status === 'Pending');

/** A number of a carrier-signed request the carrier has not taken yet (it failed when the request was created): the poll submits it. */
const isUnsubmitted = (number: PortInNumber): boolean => number.carrierRef === null && number.status === 'Waiting for Signature';

const move = async (deps: AppDeps, number: PortInNumber, to: 'Pending' | 'Rejected' | 'Canceled', patch: Parameters<typeof moveNumber>[4]): Promise<void> => {
  await deps.store.transaction(async (tx) => {
    if (await moveNumber(deps, tx, number, to, patch)) await settleRequest(deps, tx, number.accountSid, number.requestSid);
  });
};

/** The carrier says the number's LOA was signed: the Sign route's move; the number as it is now. */
const signedAtCarrier = async (deps: AppDeps, number: PortInNumber): Promise<PortInNumber | null> => {
  await deps.store.transaction(async (tx) => {
    const request = await tx.findPortIn(number.accountSid, number.requestSid);
    if (request) await recordSignature(deps, tx, request, [number]);
  });
  return deps.store.findPortInNumber(number.accountSid, number.requestSid, number.sid);
};

/** The number's moves for the carrier's state; nothing when it is there already. */
export const applyPortOrderState = async (deps: AppDeps, given: PortInNumber, state: PortOrderState): Promise<void> => {
  let number = given;
  if (number.status === 'Waiting for Signature' && state.kind !== 'awaiting-signature' && state.kind !== 'canceled') {
    const signed = await signedAtCarrier(deps, number);
    if (signed?.status !== 'Submitted') return;
    number = signed;
  }
  switch (state.kind) {
    // A number resubmitted after a correction (a new order, so a new LOA at the carrier) stays Submitted meanwhile.
    case 'awaiting-signature':
    case 'submitted':
      return;
    case 'accepted':
      if (number.status === 'Submitted') return move(deps, number, 'Pending', { portDate: state.focDate });
      // A FOC date the losing carrier moved: the wire shows the new one.
      if (number.portDate?.getTime() !== state.focDate.getTime()) {
        await deps.store.updatePortInNumber(number.sid, 'Pending', { portDate: state.focDate, dateUpdated: deps.clock.now() });
      }
      return;
    case 'rejected':
      return move(deps, number, 'Rejected', { rejectionCode: state.code, pollAt: null });
    case 'canceled':
      return move(deps, number, 'Canceled', { pollAt: null });
    case 'completed': {
      // Ported without masq having seen the FOC date: Pending first (as its webhook says), then Completed.
      if (number.status === 'Submitted') {
        await move(deps, number, 'Pending', { portDate: deps.clock.now() });
        const pending = await deps.store.findPortInNumber(number.accountSid, number.requestSid, number.sid);
        if (pending?.status === 'Pending') await completePortIn(deps, pending);
        return;
      }
      return completePortIn(deps, number);
    }
  }
};

const portingOf = async (deps: AppDeps, number: PortInNumber): Promise<PortingPort | null> => {
  const request = await deps.store.findPortIn(number.accountSid, number.requestSid);
  return (request && deps.carriers.find(request.carrier)?.porting) ?? null;
};

/**
 * Hands one number to its request's carrier (the sweeper's Submitted numbers; a carrier-signed request's
 * numbers as it is created) and applies the decision. Throws CarrierSendError when the carrier could not be asked.
 */
export const submitPortNumber = async (deps: AppDeps, number: PortInNumber): Promise<void> => {
  const request = await deps.store.findPortIn(number.accountSid, number.requestSid);
  const porting = request ? deps.carriers.find(request.carrier)?.porting : null;
  if (!request || !porting) return;
  const decision = await porting.submit({
    e164: number.phoneNumber, pin: number.pin, holder: request.details.losingCarrierInformation, submittedAt: number.dateStatusChanged,
    targetDate: request.details.targetPortInDate, documents: request.details.documents, idempotencyKey: submissionKey(number),
  });
  if (decision.kind === 'pending') return waitOnCarrier(deps, number, decision.ref);
  return applyPortOrderState(deps, number, decision);
};

/** Asks the carrier about the number's order (or submits it, when the carrier never took it) and applies the answer; the next poll is due later either way. */
export const pollPortOrder = async (deps: AppDeps, number: PortInNumber): Promise<void> => {
  const porting = await portingOf(deps, number);
  const ref = number.carrierRef;
  const unsubmitted = isUnsubmitted(number);
  if (!porting?.status || (!unsubmitted && (ref === null || !isWaiting(number)))) return;
  // Due again later whatever happens below, so one failing order never holds up the queue.
  await deps.store.updatePortInNumber(number.sid, number.status, { pollAt: nextPoll(deps), dateUpdated: deps.clock.now() });
  try {
    if (ref === null) await submitPortNumber(deps, number);
    else await applyPortOrderState(deps, number, await porting.status(ref));
  } catch (err) {
    // The carrier could not be asked (or could not hand over the ported number yet): the next poll asks again.
    if (err instanceof CarrierSendError) return;
    throw err;
  }
};

/** One pass over the due orders; how many were asked about. */
export const pollPortOrders = async (deps: AppDeps, now: Date, limit: number): Promise<number> => {
  const due = await deps.store.pollDuePortInNumbers(now, limit);
  for (const number of due) await pollPortOrder(deps, number);
  return due.length;
};

/** A carrier's porting webhook named one of its orders: asked about at once (idempotent with the poll). */
export const portOrderChanged = async (deps: AppDeps, carrier: string, ref: string): Promise<void> => {
  const number = await deps.store.portInNumberByCarrierRef(carrier, ref);
  if (number && isWaiting(number)) await pollPortOrder(deps, number);
};

/** Cancels the carrier's orders of these numbers before masq cancels them (a carrier refusal keeps them open). */
export const cancelPortOrders = async (deps: AppDeps, numbers: readonly PortInNumber[]): Promise<void> => {
  for (const number of numbers) {
    if (!isWaiting(number) || number.carrierRef === null) continue;
    const porting = await portingOf(deps, number);
    await porting?.cancel?.(number.carrierRef);
  }
};

/** An expired request's unsigned orders, canceled at the carrier where it answers; one it does not lapses there unsigned. */
export const abandonPortOrders = async (deps: AppDeps, numbers: readonly PortInNumber[]): Promise<void> => {
  for (const number of numbers) {
    try {
      await cancelPortOrders(deps, [number]);
    } catch (err) {
      if (!(err instanceof CarrierSendError)) throw err;
    }
  }
};
