// IncomingPhoneNumbers read and change: list (the numbers an account holds: provisioning, active and
// porting out; released ones leave the list, their history stays under /masq/v1/Numbers), fetch, and
// update (the owner's settings, its friendly name, or a move to a related account: 21473/21474).
import { AppError, invalidParameter, notFound } from '../domain/errors.ts';
import type { InventoryNumber, NumberConfig, NumberOrigin, NumberState, NumberType } from '../domain/inventory-number.ts';
import type { AccountRepo, FlowRepo, InventoryRepo, Locks, NumberRepo, Page, PageRequest } from '../ports/store.ts';
import { checkTransfer } from './account-family.ts';
import type { DepsWith } from './deps.ts';
import { checkFlowAttachment } from './flows/flow-attachment.ts';

/** What the account sees as its numbers in IncomingPhoneNumbers. */
export const HELD_STATES: readonly NumberState[] = ['provisioning', 'active', 'porting-out'];

export interface IncomingNumberFilter {
  readonly phoneNumber?: string;
  readonly friendlyName?: string;
  readonly type?: NumberType;
  /** How the numbers came in (Twilio's Origin filter, as the HTTP layer reads it). */
  readonly origins?: readonly NumberOrigin[];
}

const MAX_FRIENDLY_NAME = 64;

/** Twilio's PhoneNumber filter takes digits and `*`; a leading + is allowed. */
const phoneNumberPattern = (raw: string): string => {
  const pattern = raw.replace(/^\+/, '');
  if (!/^[0-9*]+$/.test(pattern)) throw invalidParameter('PhoneNumber', 'Expected digits, with * for any one digit.');
  return pattern;
};

export const listIncomingNumbers = async (
  deps: DepsWith<InventoryRepo>, accountSid: string, filter: IncomingNumberFilter, page: PageRequest,
): Promise<Page<InventoryNumber>> => {
  return deps.store.listInventory(accountSid, {
    states: HELD_STATES,
    ...(filter.phoneNumber !== undefined && { phoneNumber: phoneNumberPattern(filter.phoneNumber) }),
    ...(filter.friendlyName !== undefined && { friendlyName: filter.friendlyName }),
    ...(filter.type !== undefined && { type: filter.type }),
    ...(filter.origins !== undefined && { origins: filter.origins }),
  }, page);
};

const heldNumber = async (repo: Pick<InventoryRepo, 'findInventoryNumber'>, accountSid: string, sid: string): Promise<InventoryNumber> => {
  const number = await repo.findInventoryNumber(accountSid, sid);
  if (!number || !HELD_STATES.includes(number.state)) throw notFound(`/IncomingPhoneNumbers/${sid}`);
  return number;
};

export const fetchIncomingNumber = (deps: DepsWith<InventoryRepo>, accountSid: string, sid: string): Promise<InventoryNumber> =>
  heldNumber(deps.store, accountSid, sid);

export interface IncomingNumberUpdate {
  readonly friendlyName?: string;
  readonly config: Partial<NumberConfig>;
  /** Move the number to this account (a subaccount, or its owner). */
  readonly accountSid?: string;
}

type Updating = DepsWith<InventoryRepo & NumberRepo & AccountRepo & FlowRepo & Locks, 'clock'>;

const moveTo = async (deps: Updating, tx: InventoryRepo & NumberRepo & AccountRepo, number: InventoryNumber, to: string, caller: string): Promise<InventoryNumber> => {
  await checkTransfer({ store: deps.store }, number.accountSid, to, caller);
  const pool = await tx.findNumberBySid(number.accountSid, number.sid);
  if (pool?.serviceSid) throw invalidParameter('AccountSid', `Phone number ${number.phoneNumber} is in Proxy service ${pool.serviceSid}: remove it from the pool before moving it.`);
  // A flow is its account's own: the number would point at one its new account cannot see.
  if (number.config.flowSid !== null) throw invalidParameter('AccountSid', `Phone number ${number.phoneNumber} is answered by flow ${number.config.flowSid}: detach it (FlowSid=) before moving it.`);
  const moved = await tx.moveNumberToAccount(number.accountSid, number.sid, to, deps.clock.now());
  if (!moved) throw new AppError('no-records-updated');
  return moved;
};

/** `callerSid` is the authenticated account: it tells a subaccount's move from its owner's (21474). */
export const updateIncomingNumber = async (
  deps: Updating, accountSid: string, sid: string, update: IncomingNumberUpdate, callerSid: string,
): Promise<InventoryNumber> => {
  if (update.friendlyName !== undefined && update.friendlyName.length > MAX_FRIENDLY_NAME) {
    throw invalidParameter('FriendlyName', `Up to ${MAX_FRIENDLY_NAME} characters.`);
  }
  return deps.store.transaction(async (tx) => {
    await tx.lock([`number:${sid}`]);
    const number = await heldNumber(tx, accountSid, sid);
    const now = deps.clock.now();
    const config = { ...number.config, ...update.config };
    // masq's FlowSid/FlowRevision: the flow must be this account's (and stay, while the lock is held).
    if (update.config.flowSid !== undefined || update.config.flowRevision !== undefined) await checkFlowAttachment(tx, accountSid, config);
    const updated = await tx.updateInventoryNumber(accountSid, sid, {
      config,
      ...(update.friendlyName !== undefined && { friendlyName: update.friendlyName }),
      dateUpdated: now,
    });
    if (!updated) throw new AppError('no-records-updated');
    if (update.friendlyName !== undefined) await tx.updateNumber(accountSid, sid, { friendlyName: update.friendlyName, dateUpdated: now });
    return update.accountSid === undefined || update.accountSid === accountSid ? updated : moveTo(deps, tx, updated, update.accountSid, callerSid);
  });
};
