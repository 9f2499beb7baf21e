// POST /v1/Services/{sid}/PhoneNumbers: put a number into the pool, by `Sid` (a number already in the
// account's inventory) or by `PhoneNumber` (E.164; masq has no separate purchase step, so an unknown
// number joins the inventory on the default carrier here).
import { AppError, invalidParameter } from '../domain/errors.ts';
import { numberFacts, parseIdentifier } from '../domain/phone-number.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import { StoreConflict, type Locks, type NumberRepo } from '../ports/store.ts';
import type { AppDeps, DepsWith } from './deps.ts';
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

const newInventoryNumber = (deps: NumberMaking, accountSid: string, e164: string): PoolNumber => {
  const now = deps.clock.now();
  const carrier = deps.carriers.get(deps.settings.defaultCarrier);
  const facts = numberFacts(e164);
  return {
    sid: deps.ids.sid('phoneNumber'),
    accountSid,
    serviceSid: null,
    phoneNumber: e164,
    friendlyName: e164,
    isoCountry: facts.isoCountry,
    areaCode: facts.areaCode,
    capabilities: carrier.defaultCapabilities(e164),
    carrier: carrier.name,
    isReserved: false,
    load: 0,
    dateCreated: now,
    dateUpdated: now,
  };
};

/** The inventory number the request names, created on the default carrier when new. */
const resolveNumber = async (deps: NumberMaking, tx: NumberRepo, accountSid: string, input: AddPoolNumberInput): Promise<PoolNumber> => {
  if (input.sid) {
    if (!isSid('phoneNumber', input.sid)) throw new AppError('phone-number-sid-invalid', `Invalid Phone Number SID ${input.sid}`);
    const found = await tx.findNumberBySid(accountSid, input.sid);
    if (!found) throw new AppError('phone-number-sid-not-found', `Phone Number SID ${input.sid} was not found`);
    return found;
  }
  if (!input.phoneNumber) throw invalidParameter('Sid', 'Either Sid or PhoneNumber is required.');
  const e164 = e164Of(input.phoneNumber);
  const existing = await tx.findNumberByE164(e164);
  if (existing && existing.accountSid !== accountSid) throw new AppError('phone-number-unavailable', `Phone number ${e164} is not available`);
  if (existing) return existing;
  const created = newInventoryNumber(deps, accountSid, e164);
  try {
    await tx.createNumber(created);
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'phone-number') throw new AppError('phone-number-unavailable', `Phone number ${e164} is not available`);
    throw err;
  }
  return created;
};

const checkPoolLimit = async (deps: Pick<AppDeps, 'settings'>, tx: NumberRepo, service: Service): Promise<void> => {
  const limit = service.poolLimit ?? deps.settings.defaultPoolLimit;
  if (limit !== null && (await tx.countPool(service.sid)) >= limit) {
    throw new AppError('pool-full', `The pool of service ${service.sid} already holds its maximum of ${limit} numbers`);
  }
};

export const addPoolNumber = async (deps: DepsWith<NumberRepo & Locks, 'clock' | 'ids' | 'carriers' | 'settings'>, service: Service, input: AddPoolNumberInput): Promise<PoolNumberView> => {
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
