// GET /v1/Services/{Sid}: by SID or UniqueName (Twilio's path parameter has no KS pattern), within the
// caller's account only, so another account's service reads exactly like a missing one.
import { notFound } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import type { ServiceRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export const fetchService = async (deps: DepsWith<ServiceRepo>, accountSid: string, sidOrUniqueName: string): Promise<Service> => {
  const service = await deps.store.findService(accountSid, sidOrUniqueName);
  if (!service) throw notFound(`/Services/${sidOrUniqueName}`);
  return service;
};
