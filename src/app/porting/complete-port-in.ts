// A port executes: the number becomes an active inventory number of the account on the gaining carrier
// (origin ported-in, with the carrier's ref and description of it from `activate`), and is Completed.
// The sandbox's ports execute on their FOC date (port-in-sweeper.ts); a real carrier's when it says the
// order is ported (carrier-port-orders.ts).
import type { PortInNumber } from '../../domain/porting/port-in.ts';
import { StoreConflict } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { capabilitiesOn, inventoryRecord, placeOf } from '../inventory-records.ts';
import { moveNumber, settleRequest } from './port-in-events.ts';
import { recordPortingFee } from './porting-fee.ts';

export const completePortIn = async (deps: AppDeps, number: PortInNumber): Promise<void> => {
  const request = await deps.store.findPortIn(number.accountSid, number.requestSid);
  const porting = request ? deps.carriers.find(request.carrier)?.porting : null;
  if (!request || !porting) return;
  const owned = await porting.activate(number.phoneNumber);
  const now = deps.clock.now();
  const record = inventoryRecord({
    sid: deps.ids.sid('phoneNumber'), accountSid: number.accountSid, e164: number.phoneNumber, state: 'active', origin: 'ported-in', carrier: request.carrier,
    carrierRef: owned.carrierRef, type: owned.type, place: owned.place ?? placeOf(number.phoneNumber),
    capabilities: capabilitiesOn(deps.carriers.get(request.carrier), number.phoneNumber, owned.capabilities),
    monthlyCost: owned.monthlyPrice, friendlyName: owned.friendlyName, now,
  });
  try {
    await deps.store.transaction(async (tx) => {
      // Moved first: a second sweeper (or a webhook) that got here too finds it no longer Pending and does nothing.
      if (!(await moveNumber(deps, tx, number, 'Completed', { numberSid: record.sid, pollAt: null }))) return;
      await tx.createInventoryNumber(record);
      await recordPortingFee(deps, tx, record, number.requestSid);
      await settleRequest(deps, tx, number.accountSid, number.requestSid);
    });
  } catch (err) {
    if (!(err instanceof StoreConflict && err.kind === 'phone-number')) throw err;
    // Someone else came to hold the number meanwhile (bought from the sandbox, another port): the port cannot activate.
    await deps.store.transaction(async (tx) => {
      await moveNumber(deps, tx, number, 'Rejected', { rejectionCode: 'SV_CONFLICT', pollAt: null });
      await settleRequest(deps, tx, number.accountSid, number.requestSid);
    });
  }
};
