// The registration sweeper's toll-free step. A due verification is put to its registry
// (verification-registry.ts): masq's sandbox reviewer moves it one step (PENDING_REVIEW -> IN_REVIEW, due
// again REVIEW_DECISION_SECONDS after it was submitted; IN_REVIEW -> TWILIO_APPROVED, or TWILIO_REJECTED with
// its reasons and an edit window); a carrier's is asked for its status (decides_at is "next poll"). The
// registry is asked outside any transaction; the answer is written under the verification's lock if it is
// unchanged since it was read (two sweepers write it once), and its StatusCallback hears of a change in that
// transaction.
import { CARRIER_POLL_SECONDS } from '../../domain/messaging/registry-link.ts';
import { addSeconds, type TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { TollfreeAnswer } from '../../ports/registration.ts';
import { registryFor } from '../registrations/registry-for.ts';
import type { TollfreeDeps } from './create-verification.ts';
import { notifyStatus } from './verification-events.ts';
import { withTollfreeAnswer } from './verification-registry.ts';

const ask = async (deps: TollfreeDeps, due: TollfreeVerification, now: Date): Promise<TollfreeAnswer> => {
  const later: TollfreeAnswer = {
    ref: null, status: due.status, rejectionReasons: due.rejectionReasons, errorCode: due.errorCode, checkAt: addSeconds(now, CARRIER_POLL_SECONDS),
  };
  const port = registryFor(deps.carriers, due);
  if (!port) return later;
  try {
    return await port.checkTollfree(due, now);
  } catch {
    return later;
  }
};

const stepOne = async (deps: TollfreeDeps, due: TollfreeVerification, now: Date): Promise<boolean> => {
  const answer = await ask(deps, due, now);
  return deps.store.transaction(async (tx) => {
    await tx.lock([`tollfree-verification:${due.sid}`]);
    const current = await tx.findTollfreeVerification(due.accountSid, due.sid);
    if (!current || current.status !== due.status || current.decidesAt?.getTime() !== due.decidesAt?.getTime()) return false;
    const next = withTollfreeAnswer(current, answer, now);
    const updated = await tx.updateTollfreeVerification(current.accountSid, current.sid, next);
    if (updated && updated.status !== current.status) await notifyStatus(deps, tx, updated);
    return true;
  });
};

/** Moves up to `limit` due verifications one step; returns how many were read (a full batch means more may be due). */
export const decideDueVerifications = async (deps: TollfreeDeps, now: Date, limit: number): Promise<number> => {
  const due = await deps.store.dueTollfreeVerifications(now, limit);
  for (const verification of due) await stepOne(deps, verification, now);
  return due.length;
};
