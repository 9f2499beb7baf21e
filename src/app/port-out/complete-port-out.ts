// A port-out's due date has come: the number leaves the inventory. It ends `ported-out` (not live: the
// E.164 is free in masq again, and a record never comes back to life), its open Proxy sessions are closed
// with a clear reason through release's own path (leavePools), and it gets no quarantine, since it is no
// longer ours to hold back. Opt-outs stay with the E.164 number, as they always do.
import type { PortOut } from '../../domain/port-out.ts';
import { isOpenPortOut } from '../../domain/port-out.ts';
import type { InventoryRepo, Locks, NumberRepo, PortOutRepo, SessionRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { leavePools } from '../release-number.ts';
import { notifyPortOut, type PortOutNotifying } from './port-out-events.ts';

export const PORTED_OUT_SESSION_REASON = 'proxy number ported out';

export type Completing = DepsWith<InventoryRepo & NumberRepo & SessionRepo & PortOutRepo & Locks, 'clock'> & PortOutNotifying;

/** Completes the request if it is still open and due (on a fresh read under the number's lock). */
export const completePortOut = async (deps: Completing, due: PortOut): Promise<'completed' | 'skipped'> =>
  deps.store.transaction(async (tx) => {
    await tx.lock([`number:${due.numberSid}`]);
    const portOut = await tx.findPortOut(due.accountSid, due.sid);
    const now = deps.clock.now();
    if (!portOut || !isOpenPortOut(portOut.status) || portOut.dueDate === null || portOut.dueDate > now) return 'skipped';
    const number = await tx.findInventoryNumber(portOut.accountSid, portOut.numberSid);
    if (number) {
      await leavePools(tx, number, { closeSessions: true, reason: PORTED_OUT_SESSION_REASON }, now, PORTED_OUT_SESSION_REASON);
      await tx.updateInventoryNumber(number.accountSid, number.sid, {
        state: 'ported-out', stateReason: `ported out to ${portOut.gainingCarrier} (${portOut.sid})`, dateStateChanged: now,
        inactiveSince: null, inactivityWarnedAt: null, dateUpdated: now,
      });
    }
    const completed = await tx.updatePortOut(portOut.accountSid, portOut.sid, { status: 'completed', dateCompleted: now, dateUpdated: now });
    if (completed) await notifyPortOut(deps, completed);
    return 'completed';
  });
