// GET /v1/Services/{MG}/PhoneNumbers[/{PN}] (Messaging): the pool's live numbers.
import { notFound } from '../../domain/errors.ts';
import type { MessagingPoolNumber, MessagingRepo, Page, PageRequest } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './messaging-service-view.ts';

export const fetchMessagingNumber = async (deps: DepsWith<MessagingRepo>, accountSid: string, serviceSid: string, numberSid: string): Promise<MessagingPoolNumber> => {
  const service = await requireMessagingService(deps, accountSid, serviceSid);
  const found = await deps.store.findMessagingNumber(accountSid, service.sid, numberSid);
  if (!found) throw notFound(`/Services/${serviceSid}/PhoneNumbers/${numberSid}`);
  return found;
};

export const listMessagingNumbers = async (deps: DepsWith<MessagingRepo>, accountSid: string, serviceSid: string, page: PageRequest): Promise<Page<MessagingPoolNumber>> => {
  const service = await requireMessagingService(deps, accountSid, serviceSid);
  return deps.store.listMessagingNumbers(accountSid, service.sid, page);
};
