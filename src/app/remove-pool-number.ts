// DELETE /v1/Services/{sid}/PhoneNumbers/{Sid}: the number leaves the pool (it stays in the account's
// inventory, as an IncomingPhoneNumber stays on Twilio). Refused while active sessions use it (80611),
// because their participants would lose the number their partner texts.
import { AppError } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import type { NumberRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findPoolNumber } from './fetch-pool-number.ts';

export const removePoolNumber = async (deps: DepsWith<NumberRepo, 'clock'>, service: Service, sidOrNumber: string): Promise<void> => {
  await deps.store.transaction(async (tx) => {
    const number = await findPoolNumber(tx, service, sidOrNumber);
    const inUse = await tx.countSessionsUsingNumber(number.sid);
    if (inUse > 0) throw new AppError('proxy-number-in-use', `Phone number ${number.phoneNumber} is used by ${inUse} active session(s)`);
    await tx.updateNumber(service.accountSid, number.sid, { serviceSid: null, isReserved: false, dateUpdated: deps.clock.now() });
  });
};
