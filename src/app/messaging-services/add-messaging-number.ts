// POST /v1/Services/{MG}/PhoneNumbers (Messaging): puts one of the account's active numbers in the pool.
// A number is in at most one messaging service (21712; the table's key is the number), and a pool holds
// at most MESSAGING_POOL_LIMIT numbers (21714): the count and the insert run under the service's lock, so
// concurrent adds cannot overfill it. Once committed, a number joining a service whose carrier campaign is
// VERIFIED is put in that campaign at the carrier (campaigns/assign-joined-number.ts).
import { AppError } from '../../domain/errors.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import { MESSAGING_POOL_LIMIT } from '../../domain/messaging/service.ts';
import { isSid } from '../../domain/sid.ts';
import type { InventoryRepo, Locks, MessagingPoolNumber, MessagingRepo, RegistrationRepo } from '../../ports/store.ts';
import { assignJoinedNumber } from '../campaigns/assign-joined-number.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './messaging-service-view.ts';

type Adding = DepsWith<MessagingRepo & InventoryRepo & RegistrationRepo & Locks, 'clock' | 'carriers'>;

/** Only a number the account holds and can use now: not provisioning, released or porting away. */
const usableNumber = async (tx: InventoryRepo, accountSid: string, numberSid: string): Promise<InventoryNumber> => {
  const number = isSid('phoneNumber', numberSid) ? await tx.findInventoryNumber(accountSid, numberSid) : null;
  if (!number || number.state !== 'active') throw new AppError('phone-number-sid-not-found', `Phone Number SID ${numberSid} was not found in this account`);
  return number;
};

const alreadyIn = (number: InventoryNumber, holder: string, serviceSid: string): AppError =>
  holder === serviceSid
    ? new AppError('messaging-number-in-this-service', `Phone Number ${number.phoneNumber} is already in the Messaging Service`)
    : new AppError('messaging-number-in-another-service', `Phone Number ${number.phoneNumber} is associated with another Messaging Service`);

const addToPool = async (deps: Adding, accountSid: string, serviceSid: string, numberSid: string): Promise<MessagingPoolNumber> =>
  deps.store.transaction(async (tx) => {
    const service = await requireMessagingService({ store: deps.store }, accountSid, serviceSid);
    await tx.lock([`messaging-service:${service.sid}`]);
    const number = await usableNumber(tx, accountSid, numberSid);
    const holder = await tx.messagingServiceOfNumber(number.sid);
    if (holder !== null) throw alreadyIn(number, holder, service.sid);
    if (await tx.countMessagingNumbers(service.sid) >= MESSAGING_POOL_LIMIT) {
      throw new AppError('messaging-pool-full', `The Messaging Service already holds ${MESSAGING_POOL_LIMIT} numbers, its limit`);
    }
    const now = deps.clock.now();
    if (!await tx.addMessagingNumber({ serviceSid: service.sid, accountSid, numberSid: number.sid, dateCreated: now })) {
      // Another service took it between the read and the insert (that add held its own service's lock).
      throw new AppError('messaging-number-in-another-service', `Phone Number ${number.phoneNumber} is associated with another Messaging Service`);
    }
    return { serviceSid: service.sid, accountSid, dateCreated: now, number };
  });

export const addMessagingNumber = async (deps: Adding, accountSid: string, serviceSid: string, numberSid: string): Promise<MessagingPoolNumber> => {
  const added = await addToPool(deps, accountSid, serviceSid, numberSid);
  // Outside the transaction: a carrier is never waited on while the service's lock is held.
  await assignJoinedNumber(deps, accountSid, added.serviceSid, added.number);
  return added;
};
