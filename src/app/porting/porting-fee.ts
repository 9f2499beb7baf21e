// The porting fee (usage category phonenumbers-porting), billed once per ported number in the
// transaction that completes the port; the event key (`PN…:port-in`) keeps a second pass from billing twice.
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { Repos } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { feeRecord } from '../record-fee.ts';

export const recordPortingFee = async (deps: Pick<AppDeps, 'clock' | 'ids' | 'settings'>, tx: Repos, number: InventoryNumber, requestSid: string): Promise<void> => {
  await tx.recordCosts([feeRecord(deps, {
    accountSid: number.accountSid, category: 'phonenumbers-porting', resourceSid: requestSid, eventKey: `${number.sid}:port-in`,
    carrier: number.carrier, numberSid: number.sid, phoneNumber: number.phoneNumber,
  })]);
};
