// GET /v1/a2p/BrandRegistrations[/{BN}]: within the caller's account only.
import { notFound } from '../../domain/errors.ts';
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import type { MessagingRepo, Page, PageRequest } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export const fetchBrandRegistration = async (deps: DepsWith<MessagingRepo>, accountSid: string, sid: string): Promise<BrandRegistration> => {
  const brand = await deps.store.findBrandRegistration(accountSid, sid);
  if (!brand) throw notFound(`/a2p/BrandRegistrations/${sid}`);
  return brand;
};

export const listBrandRegistrations = (deps: DepsWith<MessagingRepo>, accountSid: string, page: PageRequest): Promise<Page<BrandRegistration>> =>
  deps.store.listBrandRegistrations(accountSid, page);
