// POST /v1/Services/{sid}/PhoneNumbers/{Sid}: only IsReserved can change (Twilio's contract).
import { AppError } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import type { NumberRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findPoolNumber } from './fetch-pool-number.ts';
import { viewPoolNumber, type PoolNumberView } from './pool-number-view.ts';

export const updatePoolNumber = async (deps: DepsWith<NumberRepo, 'clock'>, service: Service, sidOrNumber: string, input: { readonly isReserved?: boolean }): Promise<PoolNumberView> => {
  const number = await findPoolNumber(deps.store, service, sidOrNumber);
  if (input.isReserved === undefined) return viewPoolNumber(deps, number);
  const updated = await deps.store.updateNumber(service.accountSid, number.sid, { isReserved: input.isReserved, dateUpdated: deps.clock.now() });
  if (!updated) throw new AppError('no-records-updated');
  return viewPoolNumber(deps, updated);
};
