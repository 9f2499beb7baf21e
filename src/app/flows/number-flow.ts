// The flow a number is attached to, as masq's own number views show it (flow_sid, flow_revision).
import type { NumberConfig } from '../../domain/inventory-number.ts';
import type { InventoryRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export type NumberFlow = Pick<NumberConfig, 'flowSid' | 'flowRevision'>;

const NONE: NumberFlow = { flowSid: null, flowRevision: null };

/** The number's flow attachment; none when it has no inventory record (a pool-only number of old). */
export const numberFlowOf = async (deps: DepsWith<InventoryRepo>, accountSid: string, sid: string): Promise<NumberFlow> => {
  const number = await deps.store.findInventoryNumber(accountSid, sid);
  return number === null ? NONE : { flowSid: number.config.flowSid, flowRevision: number.config.flowRevision };
};
