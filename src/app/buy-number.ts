// POST /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers (and .../Local, /TollFree, /Mobile...): buy a number
// through a carrier account and add it to the inventory. Exactly one of PhoneNumber (that number) or
// AreaCode (the first number the carrier offers there). The carrier is MasqCarrier, else the
// installation's default carrier.
//
// The record is written first, as `provisioning`, with its order job, in one transaction: the partial
// unique index makes two buyers of one number race-free (the loser gets 21422), and a crash after the
// commit leaves a job that places the order (idempotently) when the worker finds it. The job is then run
// at once: synchronous carriers answer `active` within this request; an asynchronous order (Telnyx) stays
// `provisioning` until the carrier fills it.
import { AppError, invalidParameter } from '../domain/errors.ts';
import type { InventoryNumber, NumberConfig, NumberType } from '../domain/inventory-number.ts';
import { parseNumberSearch } from '../domain/numbering-plan/query.ts';
import type { AvailableNumber } from '../domain/numbering-plan/types.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { CarrierAccount, NumbersPort } from '../ports/carrier.ts';
import { StoreConflict } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';
import { capabilitiesOn, inventoryRecord } from './inventory-records.ts';
import { JOB_HANDLERS } from './job-handlers.ts';
import { numberOrderJob, orderFailureOf } from './number-order-job.ts';
import { runJobNow } from './run-jobs.ts';

export interface BuyNumberInput {
  readonly phoneNumber: string | null;
  readonly areaCode: string | null;
  /** The typed sub-resource bought through (Local, TollFree...); null for IncomingPhoneNumbers itself. */
  readonly type: NumberType | null;
  /** The carrier account to buy through (MasqCarrier); null for the default carrier. */
  readonly carrier: string | null;
  readonly friendlyName: string | null;
  readonly config: Partial<NumberConfig>;
}

const notPurchasable = (e164: string, why: string): AppError =>
  new AppError('phone-number-not-purchasable', `PhoneNumber ${e164} is not available: ${why}`);

const e164Of = (raw: string): string => {
  const invalid = new AppError('phone-number-invalid', `PhoneNumber ${raw} is invalid`);
  try {
    const parsed = parseIdentifier(raw);
    if (parsed.kind === 'phone') return parsed.e164;
  } catch {
    throw invalid;
  }
  throw invalid;
};

const sellerOf = (deps: Pick<AppDeps, 'carriers' | 'settings'>, name: string | null): { account: CarrierAccount; numbers: NumbersPort } => {
  const account = deps.carriers.get(name ?? deps.settings.defaultCarrier);
  if (!account.numbers) throw invalidParameter('MasqCarrier', `Carrier account ${account.name} cannot buy numbers through masq.`);
  return { account, numbers: account.numbers };
};

/** The first US local number the carrier offers in the area code (21451 invalid, 21452 none). */
const firstInAreaCode = async (numbers: NumbersPort, areaCode: string): Promise<AvailableNumber> => {
  const search = parseNumberSearch({ AreaCode: areaCode, PageSize: '1' }, 'US', 'local');
  const [first] = await numbers.search(search);
  if (!first) throw new AppError('area-code-no-numbers', `No phone numbers found in area code ${areaCode}`);
  return first;
};

const checkInput = (input: BuyNumberInput): void => {
  if (input.type !== null && input.areaCode !== null) {
    throw new AppError('area-code-on-typed-resource', 'AreaCode is not supported when buying through a number type; give PhoneNumber');
  }
  if ((input.phoneNumber === null) === (input.areaCode === null)) {
    throw invalidParameter('PhoneNumber', 'Give exactly one of PhoneNumber or AreaCode.');
  }
};

const unavailableBecause = (live: InventoryNumber, accountSid: string): string => {
  if (live.accountSid !== accountSid) return 'it is held by another account';
  if (live.state === 'quarantined') return 'it was released and is in quarantine';
  return 'it is in your inventory already';
};

const recordPurchase = async (deps: AppDeps, record: InventoryNumber): Promise<void> => {
  try {
    await deps.store.transaction(async (tx) => {
      await tx.createInventoryNumber(record);
      await tx.enqueueJob(numberOrderJob(record, record.dateCreated));
    });
  } catch (err) {
    if (!(err instanceof StoreConflict && err.kind === 'phone-number')) throw err;
    const live = await deps.store.findLiveNumber(record.phoneNumber);
    throw notPurchasable(record.phoneNumber, live ? unavailableBecause(live, record.accountSid) : 'it is being bought by someone else');
  }
};

/** A failed order's reason as the buyer should read it: 21422 when the carrier cannot sell it, 21458 for the wrong type. */
const orderFailure = (number: InventoryNumber): AppError => {
  const failure = orderFailureOf(number.stateReason);
  if (failure.kind === 'type-mismatch') return new AppError('phone-number-type-mismatch', failure.text);
  return notPurchasable(number.phoneNumber, failure.text);
};

export const buyNumber = async (deps: AppDeps, accountSid: string, input: BuyNumberInput): Promise<InventoryNumber> => {
  checkInput(input);
  const seller = sellerOf(deps, input.carrier);
  const offered = input.areaCode !== null ? await firstInAreaCode(seller.numbers, input.areaCode) : null;
  const e164 = offered?.e164 ?? e164Of(input.phoneNumber ?? '');
  if (input.type !== null && offered && offered.type !== input.type) throw new AppError('phone-number-type-mismatch', `${e164} is ${offered.type}, not ${input.type}`);
  const record = inventoryRecord({
    sid: deps.ids.sid('phoneNumber'), accountSid, e164, state: 'provisioning', origin: 'purchased', carrier: seller.account.name,
    carrierRef: null, type: offered?.type ?? input.type, place: offered, capabilities: capabilitiesOn(seller.account, e164, offered?.capabilities),
    monthlyCost: offered?.monthlyPrice ?? null, friendlyName: input.friendlyName, config: input.config, now: deps.clock.now(),
  });
  await recordPurchase(deps, record);
  await runJobNow(deps, JOB_HANDLERS, numberOrderJob(record, record.dateCreated).id);
  const after = await deps.store.findInventoryNumber(accountSid, record.sid);
  if (!after) throw new AppError('internal-error', `Phone number ${record.sid} vanished while being bought`);
  if (after.state === 'failed') throw orderFailure(after);
  return after;
};
