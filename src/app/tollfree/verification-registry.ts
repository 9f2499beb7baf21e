// A toll-free verification as its registry answered about it (registrations/registry-for.ts). A rejection
// opens the edit window (EDIT_WINDOW_DAYS, Twilio's edit_allowed); date_updated moves only with the status.
import { addSeconds, EDIT_WINDOW_DAYS, type TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { TollfreeAnswer } from '../../ports/registration.ts';

export const withTollfreeAnswer = (v: TollfreeVerification, answer: TollfreeAnswer, now: Date): TollfreeVerification => {
  const changed = answer.status !== v.status;
  const rejectedNow = changed && answer.status === 'TWILIO_REJECTED';
  return {
    ...v,
    status: answer.status,
    rejectionReasons: answer.rejectionReasons,
    errorCode: answer.errorCode,
    decidesAt: answer.checkAt,
    editExpiration: rejectedNow ? addSeconds(now, EDIT_WINDOW_DAYS * 86_400) : v.editExpiration,
    ...(v.registry && { registry: { ...v.registry, ref: answer.ref ?? v.registry.ref } }),
    dateUpdated: changed ? now : v.dateUpdated,
  };
};
