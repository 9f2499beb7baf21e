// DELETE /v1/Tollfree/Verifications/{HH}: the number is unverified from then on (the gate reads its latest
// verification), and a new verification can be submitted for it.
import type { RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { verificationNotFound } from './fetch-verification.ts';

export const deleteVerification = async (deps: DepsWith<RegistrationRepo>, accountSid: string, sid: string): Promise<void> => {
  if (!(await deps.store.deleteTollfreeVerification(accountSid, sid))) throw verificationNotFound(sid);
};
