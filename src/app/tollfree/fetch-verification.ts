// GET /v1/Tollfree/Verifications/{HH}.
import { notFound } from '../../domain/errors.ts';
import type { TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export const verificationNotFound = (sid: string) => notFound(`/v1/Tollfree/Verifications/${sid}`);

export const fetchVerification = async (deps: DepsWith<RegistrationRepo>, accountSid: string, sid: string): Promise<TollfreeVerification> => {
  const found = await deps.store.findTollfreeVerification(accountSid, sid);
  if (!found) throw verificationNotFound(sid);
  return found;
};
