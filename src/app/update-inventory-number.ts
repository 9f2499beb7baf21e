// masq extension (POST /masq/v1/PhoneNumbers/{Sid}): set what a number can do and which carrier owns
// it. Twilio learns capabilities from the number itself; masq's numbers come from any carrier (or
// none: the sandbox), so an operator states them.
import { AppError, notFound } from '../domain/errors.ts';
import type { Capabilities, PoolNumber } from '../domain/pool-number.ts';
import { isSid } from '../domain/sid.ts';
import type { InventoryRepo, NumberPatch, NumberRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface InventoryNumberInput {
  readonly capabilities?: Partial<Capabilities>;
  readonly carrier?: string;
  readonly friendlyName?: string | null;
}

const mergeCapabilities = (current: Capabilities, change: Partial<Capabilities>): Capabilities => ({
  voice: change.voice ?? current.voice,
  sms: change.sms ?? current.sms,
  mms: change.mms ?? current.mms,
});

export const fetchInventoryNumber = async (deps: DepsWith<NumberRepo>, accountSid: string, sid: string): Promise<PoolNumber> => {
  if (!isSid('phoneNumber', sid)) throw new AppError('phone-number-sid-invalid', `Invalid Phone Number SID ${sid}`);
  const number = await deps.store.findNumberBySid(accountSid, sid);
  if (!number) throw notFound(`/PhoneNumbers/${sid}`);
  return number;
};

export const updateInventoryNumber = async (deps: DepsWith<NumberRepo & InventoryRepo, 'clock' | 'carriers'>, accountSid: string, sid: string, input: InventoryNumberInput): Promise<PoolNumber> => {
  const number = await fetchInventoryNumber(deps, accountSid, sid);
  // Throws 80701 'Carrier' for a carrier this installation does not run.
  const carrier = input.carrier === undefined ? undefined : deps.carriers.get(input.carrier).name;
  const patch: NumberPatch = {
    dateUpdated: deps.clock.now(),
    ...(input.capabilities && { capabilities: mergeCapabilities(number.capabilities, input.capabilities) }),
    ...(carrier !== undefined && { carrier }),
    ...(input.friendlyName !== undefined && { friendlyName: input.friendlyName }),
  };
  // The pool record and the inventory record say the same about the number: changed together.
  return deps.store.transaction(async (tx) => {
    const updated = await tx.updateNumber(accountSid, sid, patch);
    if (!updated) throw new AppError('no-records-updated');
    const inventory = await tx.findInventoryNumber(accountSid, sid);
    if (inventory) {
      await tx.updateInventoryNumber(accountSid, sid, {
        capabilities: { ...updated.capabilities, fax: inventory.capabilities.fax },
        carrier: updated.carrier,
        ...(updated.friendlyName !== null && { friendlyName: updated.friendlyName }),
        dateUpdated: patch.dateUpdated,
      });
    }
    return updated;
  });
};
