// Deleting a flow: refused while a number the account holds uses it (the numbers are named), under the
// lock attaching takes (flow-attachment.ts), so no number is left pointing at a deleted flow.
import { AppError, notFound } from '../../domain/errors.ts';
import type { FlowRepo, InventoryRepo, Locks } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { flowLockKey, numbersUsingFlow } from './flow-attachment.ts';

const MAX_NAMED = 10;

export const deleteFlow = async (deps: DepsWith<FlowRepo & InventoryRepo & Locks>, accountSid: string, sid: string): Promise<void> => {
  await deps.store.transaction(async (tx) => {
    await tx.lock([flowLockKey(sid)]);
    const flow = await tx.findFlow(accountSid, sid);
    if (flow === null) throw notFound(`/Flows/${sid}`);
    const using = await numbersUsingFlow(tx, accountSid, sid);
    if (using.length > 0) {
      const named = using.slice(0, MAX_NAMED).map((n) => `${n.phoneNumber} (${n.sid})`).join(', ');
      const more = using.length > MAX_NAMED ? ` and ${using.length - MAX_NAMED} more` : '';
      throw new AppError('flow-in-use', `Flow ${sid} answers ${using.length} number(s): ${named}${more}. Detach them (FlowSid=) first.`);
    }
    await tx.deleteFlow(accountSid, sid);
  });
};
