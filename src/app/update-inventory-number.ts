// masq extension (POST /masq/v1/PhoneNumbers/{Sid}): set what a number can do and which carrier owns
// it. Twilio learns capabilities from the number itself; masq's numbers come from any carrier (or
// none: the sandbox), so an operator states them, within what the number's carrier account carries:
// a number moved to another account takes that account's capabilities (an SMPP account: SMS only), and
// a capability the account cannot carry is refused rather than stated.
import { AppError, invalidParameter, notFound } from '../domain/errors.ts';
import type { Capabilities, PoolNumber } from '../domain/pool-number.ts';
import { isSid } from '../domain/sid.ts';
import type { CarrierAccount } from '../ports/carrier.ts';
import type { InventoryRepo, NumberPatch, NumberRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { capabilitiesOn } from './inventory-records.ts';

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

const CAPABILITY_PARAMETERS = { voice: 'VoiceEnabled', sms: 'SmsEnabled', mms: 'MmsEnabled' } as const;
const CAPABILITY_WORDS = { voice: 'calls', sms: 'SMS', mms: 'MMS' } as const;

/** Refuses a capability asked for that the account cannot carry (VoiceEnabled=true on an SMPP account...). */
const checkCarried = (account: CarrierAccount, e164: string, change: Partial<Capabilities>): void => {
  const carried = capabilitiesOn(account, e164);
  for (const key of ['voice', 'sms', 'mms'] as const) {
    if (change[key] === true && !carried[key]) {
      throw invalidParameter(CAPABILITY_PARAMETERS[key], `Carrier account ${account.name} carries no ${CAPABILITY_WORDS[key]}.`);
    }
  }
};

/** The capabilities the number has after the change: its account's when it moves, then what was asked. */
const capabilitiesAfter = (number: PoolNumber, movedTo: CarrierAccount | null, change: Partial<Capabilities> | undefined): Capabilities | undefined => {
  if (movedTo === null && change === undefined) return undefined;
  const base = movedTo === null ? number.capabilities : capabilitiesOn(movedTo, number.phoneNumber);
  return mergeCapabilities(base, change ?? {});
};

export const fetchInventoryNumber = async (deps: DepsWith<NumberRepo>, accountSid: string, sid: string): Promise<PoolNumber> => {
  if (!isSid('phoneNumber', sid)) throw new AppError('phone-number-sid-invalid', `Invalid Phone Number SID ${sid}`);
  const number = await deps.store.findNumberBySid(accountSid, sid);
  if (!number) throw notFound(`/PhoneNumbers/${sid}`);
  return number;
};

export const updateInventoryNumber = async (deps: DepsWith<NumberRepo & InventoryRepo, 'clock' | 'carriers'>, accountSid: string, sid: string, input: InventoryNumberInput): Promise<PoolNumber> => {
  const number = await fetchInventoryNumber(deps, accountSid, sid);
  // Throws 80701 'Carrier' for a carrier this installation does not run.
  const named = input.carrier === undefined ? null : deps.carriers.get(input.carrier);
  const movedTo = named !== null && named.name !== number.carrier ? named : null;
  // A number whose account is no longer configured keeps what it says; it can be moved to one that is.
  const account = named ?? deps.carriers.find(number.carrier);
  if (account && input.capabilities) checkCarried(account, number.phoneNumber, input.capabilities);
  const capabilities = capabilitiesAfter(number, movedTo, input.capabilities);
  const patch: NumberPatch = {
    dateUpdated: deps.clock.now(),
    ...(capabilities && { capabilities }),
    ...(named !== null && { carrier: named.name }),
    ...(input.friendlyName !== undefined && { friendlyName: input.friendlyName }),
  };
  // The pool record and the inventory record say the same about the number: changed together.
  return deps.store.transaction(async (tx) => {
    const updated = await tx.updateNumber(accountSid, sid, patch);
    if (!updated) throw new AppError('no-records-updated');
    const inventory = await tx.findInventoryNumber(accountSid, sid);
    if (inventory) {
      await tx.updateInventoryNumber(accountSid, sid, {
        // Fax is not the operator's to set here; a number moved to an account without calls loses it too.
        capabilities: { ...updated.capabilities, fax: movedTo === null ? inventory.capabilities.fax : capabilitiesOn(movedTo, number.phoneNumber, inventory.capabilities).fax },
        carrier: updated.carrier,
        ...(updated.friendlyName !== null && { friendlyName: updated.friendlyName }),
        dateUpdated: patch.dateUpdated,
      });
    }
    return updated;
  });
};
