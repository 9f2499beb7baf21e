// POST /v1/Services/{sid}/PhoneNumbers: put a number into the pool, by `Sid` (a number already in the
// account's inventory) or by `PhoneNumber` (E.164; masq has no separate purchase step, so an unknown
// number joins the inventory on the default carrier here).
import { AppError, invalidParameter } from '../domain/errors.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { StoreConflict, type CostRepo, type InventoryRepo, type Locks, type NumberRepo } from '../ports/store.ts';
import { billFirstLease } from './bill-leases.ts';
import type { AppDeps, DepsWith } from './deps.ts';
import { capabilitiesOn, inventoryRecord, poolRecordOf } from './inventory-records.ts';
import { viewPoolNumber, type PoolNumberView } from './pool-number-view.ts';

export interface AddPoolNumberInput {
  readonly sid?: string | null;
  readonly phoneNumber?: string | null;
  readonly isReserved?: boolean;
}

const poolLockKey = (serviceSid: string): string => `pool:${serviceSid}`;

const e164Of = (raw: string): string => {
  const notE164 = invalidParameter('PhoneNumber', 'Expected an E.164 number such as +14155551212.');
  try {
    const parsed = parseIdentifier(raw);
    if (parsed.kind === 'phone') return parsed.e164;
  } catch {
    throw notE164;
  }
  throw notE164;
};

/** What a new inventory number is made with: its sid, its date, the default carrier's capabilities. */
type NumberMaking = Pick<AppDeps, 'clock' | 'ids' | 'carriers' | 'settings'>;
type PoolRepos = NumberRepo & InventoryRepo & CostRepo;

const unavailable = (e164: string): AppError => new AppError('phone-number-unavailable', `Phone number ${e164} is not available`);

/** A number new to masq joins the inventory on the default carrier, then gets its pool record. */
const addToInventory = async (deps: NumberMaking, tx: PoolRepos, accountSid: string, e164: string): Promise<PoolNumber> => {
  const now = deps.clock.now();
  const carrier = deps.carriers.get(deps.settings.defaultCarrier);
  const capabilities = capabilitiesOn(carrier, e164);
  const record = inventoryRecord({
    sid: deps.ids.sid('phoneNumber'), accountSid, e164, state: 'active', origin: 'added', carrier: carrier.name, carrierRef: e164,
    type: null, place: null, capabilities, monthlyCost: null, friendlyName: e164, now,
  });
  try {
    await tx.createInventoryNumber(record);
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'phone-number') throw unavailable(e164);
    throw err;
  }
  const pool = poolRecordOf(record, now);
  await tx.createNumber(pool);
  await billFirstLease(deps, tx, record.sid);
  return pool;
};

/** The pool record of an active inventory number, made on its first way into a pool. */
const poolRecordFor = async (deps: NumberMaking, tx: PoolRepos & Locks, number: InventoryNumber): Promise<PoolNumber> => {
  // Serialised with a release of the same number (release-number.ts), then checked again: a number
  // released meanwhile never joins a pool.
  await tx.lock([`number:${number.sid}`]);
  const current = await tx.findInventoryNumber(number.accountSid, number.sid);
  if (current?.state !== 'active') throw unavailable(number.phoneNumber);
  const existing = await tx.findNumberBySid(number.accountSid, number.sid);
  if (existing) return existing;
  const pool = poolRecordOf(number, deps.clock.now());
  await tx.createNumber(pool);
  return pool;
};

/** The inventory number the request names, created on the default carrier when new. */
const resolveNumber = async (deps: NumberMaking, tx: PoolRepos & Locks, accountSid: string, input: AddPoolNumberInput): Promise<PoolNumber> => {
  if (input.sid) {
    if (!isSid('phoneNumber', input.sid)) throw new AppError('phone-number-sid-invalid', `Invalid Phone Number SID ${input.sid}`);
    const found = await tx.findInventoryNumber(accountSid, input.sid);
    if (!found || found.state !== 'active') throw new AppError('phone-number-sid-not-found', `Phone Number SID ${input.sid} was not found`);
    return poolRecordFor(deps, tx, found);
  }
  if (!input.phoneNumber) throw invalidParameter('Sid', 'Either Sid or PhoneNumber is required.');
  const e164 = e164Of(input.phoneNumber);
  const live = await tx.findLiveNumber(e164);
  if (!live) return addToInventory(deps, tx, accountSid, e164);
  if (live.accountSid !== accountSid || live.state !== 'active') throw unavailable(e164);
  return poolRecordFor(deps, tx, live);
};

const checkPoolLimit = async (deps: Pick<AppDeps, 'settings'>, tx: PoolRepos, service: Service): Promise<void> => {
  const limit = service.poolLimit ?? deps.settings.defaultPoolLimit;
  if (limit !== null && (await tx.countPool(service.sid)) >= limit) {
    throw new AppError('pool-full', `The pool of service ${service.sid} already holds its maximum of ${limit} numbers`);
  }
};

export const addPoolNumber = async (deps: DepsWith<NumberRepo & InventoryRepo & CostRepo & Locks, 'clock' | 'ids' | 'carriers' | 'settings'>, service: Service, input: AddPoolNumberInput): Promise<PoolNumberView> => {
  const number = await deps.store.transaction(async (tx) => {
    // Serialise adds to one pool so two concurrent adds cannot both pass the limit check.
    await tx.lock([poolLockKey(service.sid)]);
    const found = await resolveNumber(deps, tx, service.accountSid, input);
    if (found.serviceSid === service.sid) throw new AppError('number-already-in-service', `Phone number ${found.phoneNumber} is already in this service`);
    if (found.serviceSid !== null) throw new AppError('number-in-another-service', `Phone number ${found.phoneNumber} is already in another service`);
    await checkPoolLimit(deps, tx, service);
    const updated = await tx.updateNumber(service.accountSid, found.sid, {
      serviceSid: service.sid,
      isReserved: input.isReserved ?? false,
      dateUpdated: deps.clock.now(),
    });
    if (!updated) throw new AppError('no-records-updated');
    return updated;
  });
  return viewPoolNumber(deps, number);
};
