// A verification's status change, told to its StatusCallback (masq's extension; Twilio reports these to its
// Console and Event Streams): a signed callback job written in the transaction that changes the status, so
// a change is never lost and never told twice (invariant 4).
import type { TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { JobRepo } from '../../ports/store.ts';
import { callbackJob, type JobMinting } from '../callbacks/callback-job.ts';
import { isoDate } from './wire-date.ts';

export const statusCallbackParams = (v: TollfreeVerification): Record<string, string> => ({
  AccountSid: v.accountSid,
  VerificationSid: v.sid,
  TollfreePhoneNumberSid: v.tollfreePhoneNumberSid,
  PhoneNumber: v.tollfreePhoneNumber,
  Status: v.status,
  ExternalReferenceId: v.submission.externalReferenceId ?? '',
  ErrorCode: v.errorCode === null ? '' : String(v.errorCode),
  RejectionReason: v.rejectionReasons.map((r) => r.reason).join(' '),
  EditAllowed: String(v.status === 'TWILIO_REJECTED' && v.editExpiration !== null),
  EditExpiration: isoDate(v.editExpiration),
  DateUpdated: isoDate(v.dateUpdated),
});

/** Enqueues the callback for `v`'s current status, when it has a StatusCallback. */
export const notifyStatus = async (deps: JobMinting, tx: JobRepo, v: TollfreeVerification): Promise<void> => {
  const url = v.submission.statusCallback;
  if (url === null) return;
  await tx.enqueueJob(callbackJob(deps, v.accountSid, { url, params: statusCallbackParams(v) }));
};
