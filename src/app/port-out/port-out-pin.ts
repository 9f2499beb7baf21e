// The port-out PIN of each number (docs/porting.md, "Port out"): masq makes one the first time it is
// needed (the owner looks at the number, or asks for its PIN), from the injected randomness, and keeps it
// as given so the owner can read it back, as Twilio shows `port_out_pin`. The owner may set their own or
// have a new one made (rotation); a gaining carrier must quote it, or its request is rejected.
//   GET/POST /masq/v1/Numbers/{PN or E.164}/PortOutPin
import { notFound } from '../../domain/errors.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import { checkPin, pinFromRandomHex } from '../../domain/port-out.ts';
import type { InventoryRepo, PortOutRepo } from '../../ports/store.ts';
import type { AppDeps, DepsWith } from '../deps.ts';
import { fetchNumberLifecycle } from '../number-lifecycle-reads.ts';

/** A number that is still the account's has a PIN; a released or ported-out one has none to show. */
export const hasPortOutPin = (number: Pick<InventoryNumber, 'state'>): boolean =>
  number.state === 'active' || number.state === 'porting-out' || number.state === 'provisioning';

/** 64 random bits (Ids.token) made into a PIN. */
const newPin = (deps: Pick<AppDeps, 'ids'>): string => pinFromRandomHex(deps.ids.token(8));

/** The number's PIN, made and stored on first use; null for a number that has none (hasPortOutPin). */
export const portOutPinOf = async (deps: DepsWith<PortOutRepo, 'clock' | 'ids'>, number: InventoryNumber): Promise<string | null> => {
  if (!hasPortOutPin(number)) return null;
  const stored = await deps.store.getPortOutPin(number.sid);
  if (stored) return stored.pin;
  // Two first readers at once: the first insert wins and both read it back.
  await deps.store.addPortOutPin({ numberSid: number.sid, pin: newPin(deps), dateUpdated: deps.clock.now() });
  return (await deps.store.getPortOutPin(number.sid))?.pin ?? null;
};

/** Wrong-PIN requests are counted since the PIN was last set: a new PIN starts the count again. */
export interface PortOutPinView {
  readonly number: InventoryNumber;
  readonly pin: string;
  readonly dateUpdated: Date;
  readonly wrongPinAttempts: number;
  readonly lastWrongPinAt: Date | null;
}

type PinDeps = DepsWith<InventoryRepo & PortOutRepo, 'clock' | 'ids'>;

const heldNumber = async (deps: PinDeps, accountSid: string, ref: string): Promise<InventoryNumber> => {
  const { number } = await fetchNumberLifecycle(deps, accountSid, ref);
  if (!hasPortOutPin(number)) throw notFound(`/masq/v1/Numbers/${ref}/PortOutPin`);
  return number;
};

const view = async (deps: PinDeps, number: InventoryNumber): Promise<PortOutPinView> => {
  await portOutPinOf(deps, number);
  const stored = await deps.store.getPortOutPin(number.sid);
  if (!stored) throw notFound(`/masq/v1/Numbers/${number.sid}/PortOutPin`);
  const wrong = await deps.store.rejectedPortOuts(number.sid, 'PASSCODE_PIN_INVALID', stored.dateUpdated);
  return { number, pin: stored.pin, dateUpdated: stored.dateUpdated, wrongPinAttempts: wrong.count, lastWrongPinAt: wrong.last };
};

export const fetchPortOutPin = async (deps: PinDeps, accountSid: string, ref: string): Promise<PortOutPinView> =>
  view(deps, await heldNumber(deps, accountSid, ref));

/** Sets the owner's PIN (4-10 digits), or makes a new random one when `pin` is null. */
export const changePortOutPin = async (deps: PinDeps, accountSid: string, ref: string, pin: string | null): Promise<PortOutPinView> => {
  const number = await heldNumber(deps, accountSid, ref);
  await deps.store.setPortOutPin({ numberSid: number.sid, pin: pin === null ? newPin(deps) : checkPin(pin), dateUpdated: deps.clock.now() });
  return view(deps, number);
};
