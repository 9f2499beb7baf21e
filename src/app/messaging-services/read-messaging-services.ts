// GET /v1/Services[/{MG}] (Messaging).
import type { MessagingRepo, Page, PageRequest } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService, viewOf, type MessagingServiceView } from './messaging-service-view.ts';

export const fetchMessagingService = async (deps: DepsWith<MessagingRepo>, accountSid: string, sid: string): Promise<MessagingServiceView> =>
  viewOf(deps, await requireMessagingService(deps, accountSid, sid));

export const listMessagingServices = async (deps: DepsWith<MessagingRepo>, accountSid: string, page: PageRequest): Promise<Page<MessagingServiceView>> => {
  const services = await deps.store.listMessagingServices(accountSid, page);
  const items: MessagingServiceView[] = [];
  for (const service of services.items) items.push(await viewOf(deps, service));
  return { items, hasMore: services.hasMore };
};
