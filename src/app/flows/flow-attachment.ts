// A number answered by a flow (its config's flowSid, pinned to flowRevision or following the latest): the
// flow must be the account's own and the pinned revision must exist; a flow is deleted only when no
// number the account holds uses it. Attaching and deleting take the same lock, so a number can never be
// left pointing at a flow deleted at the same moment.
import { invalidParameter } from '../../domain/errors.ts';
import type { InventoryNumber, NumberConfig, NumberState } from '../../domain/inventory-number.ts';
import type { FlowRepo, InventoryRepo, Locks } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export const flowLockKey = (flowSid: string): string => `flow:${flowSid}`;

/** The numbers an account holds (IncomingPhoneNumbers' states): a released number routes nothing. */
const HOLDING: readonly NumberState[] = ['provisioning', 'active', 'porting-out'];
const PAGE = 500;

/** The account's numbers whose config names the flow. A walk over the account's numbers: deleting a flow is rare. */
export const numbersUsingFlow = async (repo: Pick<InventoryRepo, 'listInventory'>, accountSid: string, flowSid: string): Promise<InventoryNumber[]> => {
  const using: InventoryNumber[] = [];
  let after: { dateCreated: Date; sid: string } | undefined;
  for (;;) {
    const page = await repo.listInventory(accountSid, { states: HOLDING }, { pageSize: PAGE, after });
    using.push(...page.items.filter((n) => n.config.flowSid === flowSid));
    const last = page.items[page.items.length - 1];
    if (!page.hasMore || last === undefined) return using;
    after = { dateCreated: last.dateCreated, sid: last.sid };
  }
};

/**
 * Checks the flow a number's new config attaches (call inside the transaction that saves the config,
 * with `config` the merged result). Nothing to check when the config has no flow.
 */
export const checkFlowAttachment = async (tx: FlowRepo & Locks, accountSid: string, config: Pick<NumberConfig, 'flowSid' | 'flowRevision'>): Promise<void> => {
  if (config.flowSid === null) {
    if (config.flowRevision !== null) throw invalidParameter('FlowRevision', 'A revision needs a FlowSid.');
    return;
  }
  await tx.lock([flowLockKey(config.flowSid)]);
  const flow = await tx.findFlow(accountSid, config.flowSid);
  if (flow === null) throw invalidParameter('FlowSid', `No flow ${config.flowSid} in this account.`);
  if (config.flowRevision !== null && config.flowRevision > flow.latestRevision) {
    throw invalidParameter('FlowRevision', `Flow ${flow.sid} has revisions 1 to ${flow.latestRevision}.`);
  }
};

/** checkFlowAttachment in a transaction of its own: for a number being created (bought) with a flow. */
export const assertFlowAttachable = (deps: DepsWith<FlowRepo & Locks>, accountSid: string, config: Partial<NumberConfig>): Promise<void> => {
  if (config.flowSid === undefined && config.flowRevision === undefined) return Promise.resolve();
  return deps.store.transaction((tx) => checkFlowAttachment(tx, accountSid, { flowSid: config.flowSid ?? null, flowRevision: config.flowRevision ?? null }));
};
