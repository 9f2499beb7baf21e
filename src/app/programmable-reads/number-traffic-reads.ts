// GET /masq/v1/NumberTraffic[/{NT}]: the call log of the account's programmable numbers: every call and
// message an application handled (the owner's app, a flow, a Messaging service), and, for one of them,
// what happened to it step by step (its events). Only the account's own traffic is ever seen.
import { AppError, invalidParameter, notFound } from '../../domain/errors.ts';
import type { NumberTraffic, TrafficEvent } from '../../domain/programmable/traffic.ts';
import type { InboundChannel } from '../../domain/routing.ts';
import { isSid } from '../../domain/sid.ts';
import type { InventoryRepo, NumberTrafficRepo, Page, PageRequest, TrafficFilter } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { e164Param } from '../port-out/port-out-reads.ts';

export interface TrafficListFilter {
  /** A PN sid, or an E.164 number (then the account's latest record of it). */
  readonly phoneNumber?: string;
  /** voice or message. */
  readonly channel?: string;
}

export interface TrafficDetail {
  readonly traffic: NumberTraffic;
  /** Oldest first. */
  readonly events: readonly TrafficEvent[];
}

const CHANNELS: readonly InboundChannel[] = ['voice', 'message'];

const channelOf = (raw: string): InboundChannel => {
  const found = CHANNELS.find((channel) => channel === raw.trim().toLowerCase());
  if (!found) throw invalidParameter('Channel', `Expected one of ${CHANNELS.join(', ')}.`);
  return found;
};

/**
 * The number a PhoneNumber filter names, as the traffic records it (its PN sid); null when the account
 * never held that E.164 number, so the list is empty rather than an error, as a filter that matches nothing.
 */
const numberSidOf = async (deps: DepsWith<InventoryRepo>, accountSid: string, raw: string): Promise<string | null> => {
  const ref = raw.trim();
  if (isSid('phoneNumber', ref)) return ref;
  if (!ref.startsWith('+')) throw invalidParameter('PhoneNumber', 'Expected a PN SID or an E.164 number such as +14155551212.');
  const [latest] = await deps.store.numberHistory(accountSid, e164Param(ref, 'PhoneNumber'));
  return latest?.sid ?? null;
};

const NOTHING: Page<NumberTraffic> = { items: [], hasMore: false };

export const listNumberTraffic = async (
  deps: DepsWith<NumberTrafficRepo & InventoryRepo>, accountSid: string, filter: TrafficListFilter, page: PageRequest,
): Promise<Page<NumberTraffic>> => {
  const channel = filter.channel === undefined ? undefined : channelOf(filter.channel);
  const numberSid = filter.phoneNumber === undefined ? undefined : await numberSidOf(deps, accountSid, filter.phoneNumber);
  if (numberSid === null) return NOTHING;
  const storeFilter: TrafficFilter = { ...(numberSid !== undefined && { numberSid }), ...(channel !== undefined && { channel }) };
  return deps.store.listTraffic(accountSid, storeFilter, page);
};

/** The account's traffic record, or 404 (another account's is as absent as one that never existed). */
export const findOwnTraffic = async (deps: DepsWith<NumberTrafficRepo>, accountSid: string, sid: string): Promise<NumberTraffic> => {
  if (!isSid('numberTraffic', sid)) throw new AppError('parameter-invalid', `Invalid NumberTraffic SID ${sid}: expected NT followed by 32 hex digits`);
  const found = await deps.store.findTraffic(accountSid, sid);
  if (!found) throw notFound(`/masq/v1/NumberTraffic/${sid}`);
  return found;
};

export const fetchNumberTraffic = async (deps: DepsWith<NumberTrafficRepo>, accountSid: string, sid: string): Promise<TrafficDetail> => {
  const traffic = await findOwnTraffic(deps, accountSid, sid);
  return { traffic, events: await deps.store.listTrafficEvents(traffic.sid) };
};
