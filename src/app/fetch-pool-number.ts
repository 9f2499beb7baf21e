// GET /v1/Services/{sid}/PhoneNumbers/{Sid}: by PN SID or, as a convenience, by the E.164 number.
import { AppError, notFound } from '../domain/errors.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import type { NumberRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { viewPoolNumber, type PoolNumberView } from './pool-number-view.ts';

const E164 = /^\+[1-9]\d{1,14}$/;

export const findPoolNumber = async (repos: NumberRepo, service: Service, sidOrNumber: string): Promise<PoolNumber> => {
  const byNumber = E164.test(sidOrNumber);
  if (!byNumber && !isSid('phoneNumber', sidOrNumber)) throw new AppError('phone-number-sid-invalid', `Invalid Phone Number SID ${sidOrNumber}`);
  const number = byNumber ? await repos.findNumberByE164(sidOrNumber) : await repos.findNumberBySid(service.accountSid, sidOrNumber);
  if (!number || number.accountSid !== service.accountSid || number.serviceSid !== service.sid) {
    throw notFound(`/Services/${service.sid}/PhoneNumbers/${sidOrNumber}`);
  }
  return number;
};

export const fetchPoolNumber = async (deps: DepsWith<NumberRepo>, service: Service, sidOrNumber: string): Promise<PoolNumberView> =>
  viewPoolNumber(deps, await findPoolNumber(deps.store, service, sidOrNumber));
