// A Telnyx account's numbers. Orders are asynchronous: `order` answers `pending` with the order's id and
// getOrder (asked again by a job) answers `complete` once Telnyx has filled it. A number reaches masq by
// belonging to the account's connection (a TeXML application whose URLs are masq's) and messaging
// profile (whose webhook is masq's): both are set on the order and checked again when it completes.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError, invalidParameter } from '../../domain/errors.ts';
import type { AvailableNumber, NumberSearch } from '../../domain/numbering-plan/types.ts';
import { CarrierSendError, type NumberCountry, type NumberOrder, type NumbersPort, type OrderState, type OwnedPage } from '../../ports/carrier.ts';
import { dataObject, dataObjects, describeAnswer, isSuccess, TelnyxApi, type TelnyxApiOptions } from './numbers-http.ts';
import { failureReason, orderOf, phoneNumberOf, type TelnyxOrder, type TelnyxPhoneNumber } from './numbers-records.ts';
import { availableNumbersOf, searchable, searchQuery, TELNYX_TYPES } from './numbers-search.ts';

export interface TelnyxNumbersOptions extends TelnyxApiOptions {
  /** The connection (TeXML application) numbers are assigned to; null: nothing is bought or pointed. */
  readonly connectionId: string | null;
  readonly messagingProfileId: string | null;
}

/** Where a Telnyx account commonly buys; any other country can still be searched by its code. */
export const TELNYX_COUNTRIES: readonly NumberCountry[] = [
  { isoCountry: 'US', types: ['local', 'toll-free'] },
  { isoCountry: 'CA', types: ['local', 'toll-free'] },
  { isoCountry: 'GB', types: ['local', 'mobile', 'national', 'toll-free'] },
];

const OWNED_PAGE_SIZE = 50;
/** An order's re-search asks for a few rows: the exact number, should Telnyx rank near matches first. */
const EXACT_SEARCH_LIMIT = 10;

interface Routing {
  readonly connectionId: string;
  readonly messagingProfileId: string;
}

export class TelnyxNumbers implements NumbersPort {
  readonly #api: TelnyxApi;
  readonly #connectionId: string | null;
  readonly #messagingProfileId: string | null;

  constructor(options: TelnyxNumbersOptions) {
    this.#api = new TelnyxApi(options);
    this.#connectionId = options.connectionId;
    this.#messagingProfileId = options.messagingProfileId;
  }

  countries(): readonly NumberCountry[] {
    return TELNYX_COUNTRIES;
  }

  async search(query: NumberSearch): Promise<readonly AvailableNumber[]> {
    const type = TELNYX_TYPES[query.type];
    if (type === null || !searchable(query)) return [];
    const answer = await this.#api.call('GET', '/available_phone_numbers', 'search numbers', { query: searchQuery(query, type) });
    if (!isSuccess(answer)) throw this.#api.refused('search numbers', answer);
    return availableNumbersOf(dataObjects(answer), query);
  }

  async order(request: NumberOrder): Promise<OrderState> {
    const routing = this.#routing();
    // A retried order finds the one its first attempt placed (its customer_reference is the key).
    const placed = await this.#orderByReference(request.idempotencyKey);
    if (placed) return this.#stateOf(placed);
    // Telnyx orders only numbers a recent search returned: searching for exactly this one is that search.
    if (!(await this.#forSale(request.e164))) {
      return { state: 'failed', reason: `Telnyx does not offer ${request.e164} for sale`, unavailable: true };
    }
    const answer = await this.#api.call('POST', '/number_orders', `order ${request.e164}`, {
      body: {
        phone_numbers: [{ phone_number: request.e164 }],
        connection_id: routing.connectionId,
        messaging_profile_id: routing.messagingProfileId,
        customer_reference: request.idempotencyKey,
      },
    });
    if (!isSuccess(answer)) {
      // 422: Telnyx will not order that number (taken since the search, or not orderable by this account).
      return { state: 'failed', reason: `Telnyx did not order ${request.e164}: ${describeAnswer(answer)}`, unavailable: answer.status === 422 };
    }
    return this.#stateOf(this.#readOrder(dataObject(answer, 'an order')));
  }

  async getOrder(orderRef: string): Promise<OrderState> {
    const answer = await this.#api.call('GET', `/number_orders/${encodeURIComponent(orderRef)}`, `read order ${orderRef}`);
    if (answer.status === 404) return { state: 'failed', reason: `Telnyx has no number order ${orderRef}`, unavailable: false };
    if (!isSuccess(answer)) throw this.#api.refused(`read order ${orderRef}`, answer);
    return this.#stateOf(this.#readOrder(dataObject(answer, 'an order')));
  }

  async release(number: { readonly e164: string; readonly carrierRef: string }): Promise<void> {
    const id = number.carrierRef.startsWith('+') ? (await this.#phoneNumber(number.e164))?.id : number.carrierRef;
    if (id === undefined) return;
    const answer = await this.#api.call('DELETE', `/phone_numbers/${encodeURIComponent(id)}`, `release ${number.e164}`);
    // 404: Telnyx no longer has it, which is what releasing wanted.
    if (!isSuccess(answer) && answer.status !== 404) throw this.#api.refused(`release ${number.e164}`, answer);
  }

  async pointAtMasq(carrierRef: string): Promise<void> {
    const routing = this.#routing();
    const number = carrierRef.startsWith('+') ? await this.#phoneNumber(carrierRef) : null;
    // Known by its id alone, its current routing is not read: both are set.
    await this.#assign(number?.id ?? carrierRef, routing, number ?? { connectionId: null, messagingProfileId: null });
  }

  async listOwned(cursor: string | null): Promise<OwnedPage> {
    if (cursor !== null && !/^[1-9]\d{0,6}$/.test(cursor)) throw invalidParameter('cursor', 'Expected a page number of Telnyx\'s phone numbers.');
    const page = cursor === null ? 1 : Number(cursor);
    const query = new URLSearchParams({ 'page[number]': String(page), 'page[size]': String(OWNED_PAGE_SIZE) });
    const answer = await this.#api.call('GET', '/phone_numbers', 'list the account\'s numbers', { query });
    if (!isSuccess(answer)) throw this.#api.refused('list the account\'s numbers', answer);
    const meta = answer.json?.meta;
    const totalPages = typeof meta === 'object' && meta !== null && 'total_pages' in meta && typeof meta.total_pages === 'number' ? meta.total_pages : page;
    return {
      numbers: dataObjects(answer).flatMap((record) => phoneNumberOf(record)?.owned ?? []),
      next: page < totalPages ? String(page + 1) : null,
    };
  }

  /** The connection and messaging profile numbers are assigned to; refused when either is not configured. */
  #routing(): Routing {
    const missing = [this.#connectionId === null ? 'connectionId' : null, this.#messagingProfileId === null ? 'messagingProfileId' : null]
      .filter((name) => name !== null);
    if (this.#connectionId === null || this.#messagingProfileId === null) {
      throw new AppError('number-routing-not-configured',
        `This Telnyx account has no ${missing.join(' and ')} configured, so its numbers would not reach masq: nothing is bought or changed`);
    }
    return { connectionId: this.#connectionId, messagingProfileId: this.#messagingProfileId };
  }

  async #stateOf(order: TelnyxOrder): Promise<OrderState> {
    if (order.status === 'pending') return { state: 'pending', orderRef: order.id };
    if (order.status === 'failure') return { state: 'failed', reason: failureReason(order), unavailable: true };
    const e164 = order.numbers[0]?.e164;
    if (e164 === undefined) throw new CarrierSendError(`Telnyx order ${order.id} succeeded but names no number`, false);
    // The order's rows carry their own ids, not the phone number's: the number is looked up by its E.164.
    const number = await this.#phoneNumber(e164);
    // Filled, but not yet listed among the account's numbers: asked again later.
    if (number === null) return { state: 'pending', orderRef: order.id };
    await this.#assign(number.id, this.#routing(), number);
    return { state: 'complete', number: number.owned };
  }

  #readOrder(data: Readonly<Record<string, unknown>>): TelnyxOrder {
    const order = orderOf(data);
    if (!order) throw new CarrierSendError('Telnyx answered with an order masq cannot read (no id or status)', false);
    return order;
  }

  /** Assigns the number to the account's connection and messaging profile, each only when it is not already. */
  async #assign(id: string, routing: Routing, current: Pick<TelnyxPhoneNumber, 'connectionId' | 'messagingProfileId'>): Promise<void> {
    const path = `/phone_numbers/${encodeURIComponent(id)}`;
    if (current.connectionId !== routing.connectionId) {
      const answer = await this.#api.call('PATCH', path, `point ${id}'s calls at masq`, { body: { connection_id: routing.connectionId } });
      if (!isSuccess(answer)) throw this.#api.refused(`point ${id}'s calls at masq`, answer);
    }
    if (current.messagingProfileId !== routing.messagingProfileId) {
      const answer = await this.#api.call('PATCH', `${path}/messaging`, `point ${id}'s messages at masq`,
        { body: { messaging_profile_id: routing.messagingProfileId } });
      if (!isSuccess(answer)) throw this.#api.refused(`point ${id}'s messages at masq`, answer);
    }
  }

  async #orderByReference(reference: string): Promise<TelnyxOrder | null> {
    const query = new URLSearchParams({ 'filter[customer_reference]': reference });
    const answer = await this.#api.call('GET', '/number_orders', 'look up an earlier order', { query });
    if (!isSuccess(answer)) throw this.#api.refused('look up an earlier order', answer);
    const [first] = dataObjects(answer).flatMap((data) => orderOf(data) ?? []);
    return first ?? null;
  }

  async #forSale(e164: string): Promise<boolean> {
    const parsed = parsePhoneNumberFromString(e164);
    if (!parsed?.country) return false;
    const query = new URLSearchParams({
      'filter[country_code]': parsed.country,
      // The whole national number: the one literal filter that names exactly this number.
      'filter[phone_number][contains]': parsed.nationalNumber,
      'filter[limit]': String(EXACT_SEARCH_LIMIT),
    });
    const answer = await this.#api.call('GET', '/available_phone_numbers', `find ${e164} for sale`, { query });
    if (!isSuccess(answer)) throw this.#api.refused(`find ${e164} for sale`, answer);
    return dataObjects(answer).some((row) => row.phone_number === e164 && row.best_effort !== true);
  }

  async #phoneNumber(e164: string): Promise<TelnyxPhoneNumber | null> {
    const answer = await this.#api.call('GET', '/phone_numbers', `look up ${e164}`, { query: new URLSearchParams({ 'filter[phone_number]': e164 }) });
    if (!isSuccess(answer)) throw this.#api.refused(`look up ${e164}`, answer);
    return dataObjects(answer).flatMap((record) => phoneNumberOf(record) ?? []).find((n) => n.e164 === e164) ?? null;
  }
}
