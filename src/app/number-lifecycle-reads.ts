// GET /masq/v1/Numbers[/{PN}[/MisdirectedTraffic]]: every number the account holds or held, in every
// state (IncomingPhoneNumbers shows only the held ones), with its lifecycle, its history (every record
// that held the same E.164 number in the account) and the misdirected traffic it got while quarantined.
import { AppError, invalidParameter, notFound } from '../domain/errors.ts';
import { NUMBER_STATES, NUMBER_TYPE_PATHS, NUMBER_TYPES, type InventoryNumber, type NumberState, type NumberType } from '../domain/inventory-number.ts';
import { isSid } from '../domain/sid.ts';
import type { InventoryRepo, MisdirectedSummary, Page, PageRequest } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface NumberListFilter {
  readonly state?: string;
  readonly type?: string;
  readonly carrier?: string;
  readonly phoneNumber?: string;
}

const squash = (text: string): string => text.toLowerCase().replace(/[-_\s]/g, '');

const stateOf = (raw: string): NumberState => {
  const found = NUMBER_STATES.find((state) => squash(state) === squash(raw));
  if (!found) throw invalidParameter('State', `Expected one of ${NUMBER_STATES.join(', ')}.`);
  return found;
};

/** masq's own type names (toll-free) or Twilio's resource names (TollFree), in any case. */
const typeOf = (raw: string): NumberType => {
  const found = NUMBER_TYPES.find((type) => squash(type) === squash(raw) || squash(NUMBER_TYPE_PATHS[type]) === squash(raw));
  if (!found) throw invalidParameter('Type', `Expected one of ${NUMBER_TYPES.join(', ')}.`);
  return found;
};

/** Digits with `*` for any one digit, matched anywhere (Twilio's PhoneNumber filter); a leading + is allowed. */
const phoneNumberPattern = (raw: string): string => {
  const pattern = raw.trim().replace(/^\+/, '');
  if (!/^[0-9*]+$/.test(pattern)) throw invalidParameter('PhoneNumber', 'Expected digits, with * for any one digit.');
  return pattern;
};

export const listNumbers = (deps: DepsWith<InventoryRepo>, accountSid: string, filter: NumberListFilter, page: PageRequest): Promise<Page<InventoryNumber>> =>
  deps.store.listInventory(accountSid, {
    states: filter.state === undefined ? NUMBER_STATES : [stateOf(filter.state)],
    ...(filter.type !== undefined && { type: typeOf(filter.type) }),
    ...(filter.carrier !== undefined && { carrier: filter.carrier }),
    ...(filter.phoneNumber !== undefined && { phoneNumber: phoneNumberPattern(filter.phoneNumber) }),
  }, page);

/** A number by its PN sid, or by its E.164 number: then the account's latest record of it. */
const findNumber = async (deps: DepsWith<InventoryRepo>, accountSid: string, ref: string): Promise<InventoryNumber> => {
  if (ref.startsWith('+')) {
    const [latest] = await deps.store.numberHistory(accountSid, ref);
    if (!latest) throw notFound(`/masq/v1/Numbers/${ref}`);
    return latest;
  }
  if (!isSid('phoneNumber', ref)) throw new AppError('phone-number-sid-invalid', `Invalid Phone Number SID ${ref}`);
  const number = await deps.store.findInventoryNumber(accountSid, ref);
  if (!number) throw notFound(`/masq/v1/Numbers/${ref}`);
  return number;
};

export interface NumberLifecycle {
  readonly number: InventoryNumber;
  /** Every record of the same E.164 number in the account, newest first, this one included. */
  readonly history: readonly InventoryNumber[];
}

export const fetchNumberLifecycle = async (deps: DepsWith<InventoryRepo>, accountSid: string, ref: string): Promise<NumberLifecycle> => {
  const number = await findNumber(deps, accountSid, ref);
  return { number, history: await deps.store.numberHistory(accountSid, number.phoneNumber) };
};

export interface MisdirectedTraffic {
  readonly number: InventoryNumber;
  /** Per sender and channel, most recent first. */
  readonly senders: readonly MisdirectedSummary[];
  readonly total: number;
}

export const fetchMisdirectedTraffic = async (deps: DepsWith<InventoryRepo>, accountSid: string, ref: string): Promise<MisdirectedTraffic> => {
  const number = await findNumber(deps, accountSid, ref);
  const senders = await deps.store.misdirectedSummary(number.sid);
  return { number, senders, total: senders.reduce((sum, s) => sum + s.count, 0) };
};
