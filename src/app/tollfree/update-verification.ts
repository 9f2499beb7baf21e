// POST /v1/Tollfree/Verifications/{HH} (202): edit a rejected verification within its edit window
// (edit_allowed) and send it back to review, with the customer's EditReason; 21725 otherwise.
import { AppError } from '../../domain/errors.ts';
import {
  addSeconds, editAllowed, REVIEW_START_SECONDS, type TollfreeSubmission, type TollfreeVerification,
} from '../../domain/messaging/tollfree-verification.ts';
import type { TollfreeDeps } from './create-verification.ts';
import { verificationNotFound } from './fetch-verification.ts';
import { notifyStatus } from './verification-events.ts';

export const updateVerification = async (
  deps: TollfreeDeps, accountSid: string, sid: string, edit: (current: TollfreeSubmission) => TollfreeSubmission, editReason: string | null,
): Promise<TollfreeVerification> => deps.store.transaction(async (tx) => {
  await tx.lock([`tollfree-verification:${sid}`]);
  const current = await tx.findTollfreeVerification(accountSid, sid);
  if (!current) throw verificationNotFound(sid);
  const now = deps.clock.now();
  // A carrier's verification is edited at the carrier: masq would only be out of step with it.
  if (current.registry?.carrier) {
    throw new AppError('tollfree-edit-not-allowed', `Verification ${sid} is held by carrier account ${current.registry.carrier}; edit it there, or delete it and submit a new one.`);
  }
  if (!editAllowed(current, now)) {
    throw new AppError('tollfree-edit-not-allowed', `Verification ${sid} is ${current.status}${current.status === 'TWILIO_REJECTED' ? ' and its edit window has closed' : ''}.`);
  }
  const submission = edit(current.submission);
  const patch = {
    submission, status: 'PENDING_REVIEW' as const, rejectionReasons: [], errorCode: null, editReason, editExpiration: null,
    submittedAt: now, decidesAt: addSeconds(now, REVIEW_START_SECONDS), dateUpdated: now,
  };
  const updated = (await tx.updateTollfreeVerification(accountSid, sid, patch)) ?? { ...current, ...patch };
  await notifyStatus(deps, tx, updated);
  return updated;
});
