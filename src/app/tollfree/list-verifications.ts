// GET /v1/Tollfree/Verifications with Twilio's filters TollfreePhoneNumberSid, Status, ExternalReferenceId.
import type { TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { Page, PageRequest, RegistrationRepo, TollfreeFilter } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export const listVerifications = (deps: DepsWith<RegistrationRepo>, accountSid: string, filter: TollfreeFilter, page: PageRequest): Promise<Page<TollfreeVerification>> =>
  deps.store.listTollfreeVerifications(accountSid, filter, page);
