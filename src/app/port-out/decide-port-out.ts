// POST /masq/v1/PortOuts/{PO}: the owner's answer to an open port-out, before its due date.
//   Status=authorized  the owner agrees; it still completes on its due date.
//   Status=rejected    with a Reason: the number is active again and goes back to the pool it left.
import { AppError, invalidParameter, notFound } from '../../domain/errors.ts';
import { isOpenPortOut, type PortOut } from '../../domain/port-out.ts';
import type { InventoryRepo, Locks, NumberRepo, PortOutRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { notifyPortOut, type PortOutNotifying } from './port-out-events.ts';

export interface PortOutDecision {
  readonly status: 'authorized' | 'rejected';
  readonly reason: string | null;
}

type Deciding = DepsWith<InventoryRepo & NumberRepo & PortOutRepo & Locks, 'clock'> & PortOutNotifying;

const MAX_REASON = 255;

export const parseDecision = (status: string | undefined, reason: string | undefined): PortOutDecision => {
  const wanted = status?.trim().toLowerCase();
  if (wanted !== 'authorized' && wanted !== 'rejected') throw invalidParameter('Status', 'Expected authorized or rejected.');
  const text = reason?.trim() ?? '';
  if (wanted === 'rejected' && text === '') throw invalidParameter('Reason', 'A rejection needs a reason, which the gaining carrier is given.');
  if (text.length > MAX_REASON) throw invalidParameter('Reason', `At most ${MAX_REASON} characters.`);
  return { status: wanted, reason: text === '' ? null : text };
};

/** The number is the owner's again: active, and back in the pool it left (as reserved as it was). */
const restoreNumber = async (tx: InventoryRepo & NumberRepo, portOut: PortOut, now: Date): Promise<void> => {
  await tx.updateInventoryNumber(portOut.accountSid, portOut.numberSid, { state: 'active', stateReason: null, dateStateChanged: now, dateUpdated: now });
  const pool = await tx.findNumberBySid(portOut.accountSid, portOut.numberSid);
  if (portOut.poolServiceSid !== null && pool && pool.serviceSid === null) {
    await tx.updateNumber(portOut.accountSid, portOut.numberSid, { serviceSid: portOut.poolServiceSid, isReserved: portOut.poolReserved, dateUpdated: now });
  }
};

const decidable = (portOut: PortOut, now: Date): void => {
  if (!isOpenPortOut(portOut.status)) {
    throw new AppError('parameter-invalid', `Port-out ${portOut.sid} is ${portOut.status}: only a pending or authorized request can be decided`);
  }
  if (portOut.dueDate !== null && portOut.dueDate <= now) {
    throw new AppError('number-porting-out', `Port-out ${portOut.sid} was due at ${portOut.dueDate.toISOString()}: the number has left or is leaving now`);
  }
};

export const decidePortOut = async (deps: Deciding, accountSid: string, sid: string, decision: PortOutDecision): Promise<PortOut> =>
  deps.store.transaction(async (tx) => {
    const found = await tx.findPortOut(accountSid, sid);
    if (!found) throw notFound(`/masq/v1/PortOuts/${sid}`);
    await tx.lock([`number:${found.numberSid}`]);
    const portOut = (await tx.findPortOut(accountSid, sid)) ?? found;
    const now = deps.clock.now();
    decidable(portOut, now);
    if (decision.status === portOut.status) return portOut;
    const decided = await tx.updatePortOut(accountSid, sid, decision.status === 'rejected'
      ? { status: 'rejected', rejectionCode: 'OWNER_REJECTED', rejectionReason: decision.reason, dateUpdated: now }
      : { status: 'authorized', dateUpdated: now });
    if (!decided) throw notFound(`/masq/v1/PortOuts/${sid}`);
    if (decided.status === 'rejected') await restoreNumber(tx, decided, now);
    await notifyPortOut(deps, decided);
    return decided;
  });
