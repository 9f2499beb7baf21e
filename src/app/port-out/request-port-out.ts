// Another carrier asks for one of masq's numbers: the carrier-neutral entry point. The sandbox simulates
// it (POST /sandbox/PortOuts); a real carrier's adapter calls it when its API reports a port-out.
//
// The request is checked against the number's PIN (and the account number, when given) under the
// number's lock. A wrong one is recorded as rejected, with its reason, and the number stays active: the
// owner sees every attempt (/masq/v1/PortOuts, and the count on its PortOutPin). A right one puts the
// number in `porting-out` until the due date: out of its pool, so no new session is given it (its open
// sessions carry on until the port completes), and no release while it lasts.
import { AppError, invalidParameter, notFound } from '../../domain/errors.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import { portOutDueDate, portOutRejection, type PortOut } from '../../domain/port-out.ts';
import type { InventoryRepo, Locks, NumberRepo, PortOutRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { notifyPortOut, type PortOutNotifying } from './port-out-events.ts';

export interface PortOutRequestInput {
  /** The carrier account that reports the request ('sandbox', or a real carrier account's name). */
  readonly source: string;
  /** The carrier's id for the request, if any: a request reported again under it is answered as recorded. */
  readonly carrierRef: string | null;
  /** E.164 */
  readonly phoneNumber: string;
  readonly pin: string;
  readonly accountNumber: string | null;
  readonly gainingCarrier: string;
  readonly requestedDate: Date | null;
}

type Requesting = DepsWith<InventoryRepo & NumberRepo & PortOutRepo & Locks, 'clock' | 'ids'> & PortOutNotifying;

const MAX_TEXT = 255;

const checkInput = (input: PortOutRequestInput): void => {
  const gaining = input.gainingCarrier.trim();
  if (gaining === '' || gaining.length > MAX_TEXT) throw invalidParameter('GainingCarrier', `Expected the gaining carrier's name (1-${MAX_TEXT} characters).`);
  if (input.pin.length > MAX_TEXT) throw invalidParameter('Pin', 'Too long.');
  if (input.accountNumber !== null && input.accountNumber.length > MAX_TEXT) throw invalidParameter('AccountNumber', 'Too long.');
};

/** The held number the request names, under its lock; only an active one can be asked for. */
const lockedNumber = async (tx: InventoryRepo & PortOutRepo & Locks, e164: string): Promise<InventoryNumber> => {
  const live = await tx.findLiveNumber(e164);
  if (!live) throw notFound(`/PhoneNumbers/${e164}`);
  // Serialised with a release and with the owner's decision on the same number, then read again.
  await tx.lock([`number:${live.sid}`]);
  const number = await tx.findInventoryNumber(live.accountSid, live.sid);
  if (number?.state === 'porting-out') {
    throw new AppError('number-porting-out', `Phone number ${e164} is already porting out (${(await tx.openPortOutOf(number.sid))?.sid ?? 'a request'} is open)`);
  }
  if (number?.state !== 'active') throw notFound(`/PhoneNumbers/${e164}`);
  return number;
};

/** Accepted: the number leaves its pool (remembered, to go back on a rejection) and is porting out. */
const accept = async (tx: InventoryRepo & NumberRepo, number: InventoryNumber, gaining: string, now: Date) => {
  const pool = await tx.findNumberBySid(number.accountSid, number.sid);
  if (pool?.serviceSid) await tx.updateNumber(number.accountSid, number.sid, { serviceSid: null, isReserved: false, dateUpdated: now });
  await tx.updateInventoryNumber(number.accountSid, number.sid, {
    state: 'porting-out', stateReason: `porting out to ${gaining}`, dateStateChanged: now, dateUpdated: now,
  });
  return { poolServiceSid: pool?.serviceSid ?? null, poolReserved: pool?.serviceSid ? pool.isReserved : false };
};

const record = async (deps: Requesting, tx: InventoryRepo & NumberRepo & PortOutRepo, number: InventoryNumber, input: PortOutRequestInput): Promise<PortOut> => {
  const now = deps.clock.now();
  const rejection = portOutRejection(input, { pin: (await tx.getPortOutPin(number.sid))?.pin ?? null, accountSid: number.accountSid });
  const base = {
    sid: deps.ids.sid('portOutRequest'), accountSid: number.accountSid, numberSid: number.sid, phoneNumber: number.phoneNumber,
    source: input.source, carrierRef: input.carrierRef, gainingCarrier: input.gainingCarrier.trim(), requestedDate: input.requestedDate,
    dateCompleted: null, dateCreated: now, dateUpdated: now,
  };
  const portOut: PortOut = rejection
    ? { ...base, status: 'rejected', dueDate: null, rejectionCode: rejection.code, rejectionReason: rejection.reason, poolServiceSid: null, poolReserved: false }
    : {
      ...base, status: 'pending', dueDate: portOutDueDate(now, input.requestedDate), rejectionCode: null, rejectionReason: null,
      ...(await accept(tx, number, base.gainingCarrier, now)),
    };
  await tx.createPortOut(portOut);
  await notifyPortOut(deps, portOut);
  return portOut;
};

export const requestPortOut = async (deps: Requesting, input: PortOutRequestInput): Promise<PortOut> => {
  checkInput(input);
  // A date too far ahead is refused whatever the PIN: the request is malformed, not wrong.
  portOutDueDate(deps.clock.now(), input.requestedDate);
  return deps.store.transaction(async (tx) => {
    const known = input.carrierRef === null ? null : await tx.findPortOutByCarrierRef(input.source, input.carrierRef);
    if (known) return known;
    return record(deps, tx, await lockedNumber(tx, input.phoneNumber), input);
  });
};
