// The numbers half of the fake Telnyx API (fake-telnyx-api.ts): available_phone_numbers over what a test put
// up for sale (literal filters only, as Telnyx: a wildcard finds nothing), asynchronous number_orders that
// complete after a set number of polls, and the account's phone_numbers with their connection and
// messaging profile, in the JSON the telnyx SDK reads.
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type Telnyx from 'telnyx';

export interface FakeTelnyxAvailable {
  readonly phoneNumber: string;
  readonly countryCode?: string;
  readonly type?: 'local' | 'toll_free' | 'mobile' | 'national' | 'shared_cost';
  readonly state?: string;
  readonly locality?: string;
  readonly rateCenter?: string;
  readonly features?: readonly ('voice' | 'sms' | 'mms' | 'fax' | 'emergency')[];
  readonly monthlyCost?: string;
  readonly bestEffort?: boolean;
}

export interface FakeTelnyxPhoneNumber {
  readonly id: string;
  readonly phoneNumber: string;
  readonly type: 'local' | 'toll_free' | 'mobile' | 'national' | 'shared_cost';
  connectionId: string | null;
  messagingProfileId: string | null;
}

export interface FakeTelnyxOrder {
  readonly id: string;
  status: 'pending' | 'success' | 'failure';
  readonly phoneNumbers: readonly string[];
  /** As ordered; a test may change them to play a Telnyx that did not apply them. */
  connectionId: string | null;
  messagingProfileId: string | null;
  readonly customerReference: string | null;
  /** GETs of this order so far. */
  polls: number;
}

/** What a test reads and sets on the fake (fake-telnyx-api.ts merges it into the fake itself). */
export interface FakeTelnyxNumbersState {
  readonly owned: FakeTelnyxPhoneNumber[];
  readonly orders: FakeTelnyxOrder[];
  /** GETs of an order before Telnyx has filled it (default 2): the asynchronous path. */
  pollsToComplete: number;
  /** How orders end once filled. */
  orderOutcome: 'success' | 'failure';
}

export interface FakeTelnyxNumbers extends FakeTelnyxNumbersState {
  offer(...numbers: FakeTelnyxAvailable[]): void;
  /** Numbers the account holds already (bought elsewhere), for listing and import. */
  hold(...phoneNumbers: string[]): FakeTelnyxPhoneNumber[];
}

export const initialNumbersState = (): FakeTelnyxNumbersState => ({ owned: [], orders: [], pollsToComplete: 2, orderOutcome: 'success' });

export type TelnyxServed = { readonly status: number; readonly body: unknown };
type Handler = (json: unknown) => TelnyxServed;

const error = (status: number, code: string, title: string, detail: string): TelnyxServed => ({ status, body: { errors: [{ code, title, detail }] } });
const fieldOf = (json: unknown, key: string): unknown => (typeof json === 'object' && json !== null && key in json ? Object(json)[key] : undefined);
const stringField = (json: unknown, key: string): string | null => { const v = fieldOf(json, key); return typeof v === 'string' ? v : null; };

const nationalOf = (e164: string): string => parsePhoneNumberFromString(e164)?.nationalNumber ?? e164;

/** Telnyx's literal filters; any wildcard character makes a filter match nothing, as Telnyx documents. */
const matches = (n: FakeTelnyxAvailable, q: URLSearchParams): boolean => {
  const filter = (name: string) => q.get(`filter[${name}]`);
  const ndc = filter('national_destination_code');
  const national = nationalOf(n.phoneNumber);
  const target = ndc !== null ? national.slice(ndc.length) : national;
  const features = [...(filter('features')?.split(',') ?? []), ...q.getAll('filter[features][]')].filter(Boolean);
  const literal = (value: string | null, test: (v: string) => boolean) => value === null || (!/[*%]/.test(value) && test(value));
  const pattern = (kind: string) => q.get(`filter[phone_number][${kind}]`);
  return [
    (n.countryCode ?? 'US') === filter('country_code'),
    filter('phone_number_type') === null || (n.type ?? 'local') === filter('phone_number_type'),
    literal(ndc, (v) => national.startsWith(v)),
    literal(filter('administrative_area'), (v) => v === n.state),
    literal(filter('locality'), (v) => v === n.locality),
    literal(filter('rate_center'), (v) => v === n.rateCenter),
    literal(pattern('starts_with'), (v) => target.startsWith(v)),
    literal(pattern('ends_with'), (v) => target.endsWith(v)),
    literal(pattern('contains'), (v) => target.includes(v)),
    features.every((f) => (n.features ?? ['voice', 'sms', 'mms']).some((has) => has === f)),
  ].every(Boolean);
};

const availableRow = (n: FakeTelnyxAvailable): NonNullable<Telnyx.AvailablePhoneNumberListResponse['data']>[number] => ({
  record_type: 'available_phone_number', phone_number: n.phoneNumber, best_effort: n.bestEffort ?? false, quickship: false, reservable: true,
  vanity_format: '', features: (n.features ?? ['voice', 'sms', 'mms']).map((name) => ({ name })),
  cost_information: { currency: 'USD', monthly_cost: n.monthlyCost ?? '1.00', upfront_cost: '1.00' },
  region_information: [
    { region_type: 'country_code', region_name: n.countryCode ?? 'US' },
    ...(n.state ? [{ region_type: 'state' as const, region_name: n.state }] : []),
    ...(n.rateCenter ? [{ region_type: 'rate_center' as const, region_name: n.rateCenter }] : []),
    ...(n.locality ? [{ region_type: 'location' as const, region_name: n.locality }] : []),
  ],
});

const numberRecord = (n: FakeTelnyxPhoneNumber): Telnyx.PhoneNumbers.NumbersPhoneNumberDetailed => ({
  id: n.id, record_type: 'phone_number', phone_number: n.phoneNumber, status: 'active', phone_number_type: n.type,
  connection_id: n.connectionId, messaging_profile_id: n.messagingProfileId, country_iso_alpha2: parsePhoneNumberFromString(n.phoneNumber)?.country ?? 'US',
  created_at: '2026-01-01T00:00:00Z', purchased_at: '2026-01-01T00:00:00Z', deletion_lock_enabled: false, external_pin: null, tags: [],
  customer_reference: null,
});

const orderRecord = (o: FakeTelnyxOrder): Telnyx.NumberOrders.NumberOrderWithPhoneNumbers => ({
  id: o.id, record_type: 'number_order', status: o.status, connection_id: o.connectionId ?? undefined,
  messaging_profile_id: o.messagingProfileId ?? undefined, customer_reference: o.customerReference ?? undefined,
  phone_numbers_count: o.phoneNumbers.length, requirements_met: true, created_at: '2026-01-01T00:00:00Z',
  // The rows' ids are the order's own, not the phone numbers' (masq must look those up).
  phone_numbers: o.phoneNumbers.map((phone_number) => ({ id: randomUUID(), phone_number, status: o.status, record_type: 'number_order_phone_number' })),
});

const paged = <T>(rows: readonly T[], q: URLSearchParams) => {
  const size = Number(q.get('page[size]') ?? 20);
  const page = Number(q.get('page[number]') ?? 1);
  return { data: rows.slice((page - 1) * size, page * size), meta: { page_number: page, page_size: size, total_pages: Math.max(1, Math.ceil(rows.length / size)), total_results: rows.length } };
};

/** The routes, over `state`: the fake itself, so a test's changes to it apply at once. */
export const telnyxNumbersRoute = (state: FakeTelnyxNumbersState) => {
  const forSale: FakeTelnyxAvailable[] = [];
  /** Numbers a search returned: only those can be ordered. */
  const searched = new Set<string>();
  const own = (phoneNumber: string, connectionId: string | null, messagingProfileId: string | null): FakeTelnyxPhoneNumber => {
    const number = { id: `${Date.now()}${Math.floor(Math.random() * 1e6)}`, phoneNumber, type: 'local' as const, connectionId, messagingProfileId };
    state.owned.push(number);
    return number;
  };
  const search = (q: URLSearchParams): TelnyxServed => {
    if (!q.get('filter[country_code]')) return error(400, '10015', 'Bad Request', 'filter[country_code] is required');
    const found = forSale.filter((n) => matches(n, q)).slice(0, Number(q.get('filter[limit]') ?? 50));
    for (const n of found) searched.add(n.phoneNumber);
    return { status: 200, body: { data: found.map(availableRow), meta: { total_results: found.length, best_effort_results: 0 } } };
  };
  const createOrder = (json: unknown): TelnyxServed => {
    const rows = fieldOf(json, 'phone_numbers');
    const wanted = Array.isArray(rows) ? rows.map((row) => stringField(row, 'phone_number') ?? '') : [];
    const refused = wanted.find((e164) => !searched.has(e164) || !forSale.some((n) => n.phoneNumber === e164));
    if (wanted.length === 0 || refused !== undefined) return error(422, '85001', 'Number not available', `${refused ?? 'nothing'} cannot be ordered`);
    for (const e164 of wanted) forSale.splice(forSale.findIndex((n) => n.phoneNumber === e164), 1);
    const order: FakeTelnyxOrder = {
      id: randomUUID(), status: 'pending', phoneNumbers: wanted, connectionId: stringField(json, 'connection_id'),
      messagingProfileId: stringField(json, 'messaging_profile_id'), customerReference: stringField(json, 'customer_reference'), polls: 0,
    };
    state.orders.push(order);
    return { status: 200, body: { data: orderRecord(order) } };
  };
  const readOrder = (id: string): TelnyxServed => {
    const order = state.orders.find((o) => o.id === id);
    if (!order) return error(404, '10005', 'Resource not found', `number order ${id}`);
    order.polls += 1;
    if (order.status === 'pending' && order.polls >= state.pollsToComplete) {
      order.status = state.orderOutcome;
      if (order.status === 'success') for (const e164 of order.phoneNumbers) own(e164, order.connectionId, order.messagingProfileId);
    }
    return { status: 200, body: { data: orderRecord(order) } };
  };
  const numberById = (id: string, then: (n: FakeTelnyxPhoneNumber) => TelnyxServed): TelnyxServed => {
    const number = state.owned.find((n) => n.id === id);
    return number ? then(number) : error(404, '10005', 'Resource not found', `phone number ${id}`);
  };
  const resolve = (method: string, url: URL): Handler | null => {
    const q = url.searchParams;
    const path = url.pathname;
    if (method === 'GET' && path === '/v2/available_phone_numbers') return () => search(q);
    if (method === 'POST' && path === '/v2/number_orders') return createOrder;
    if (method === 'GET' && path === '/v2/number_orders') {
      return () => ({ status: 200, body: paged(state.orders.filter((o) => !q.has('filter[customer_reference]') || o.customerReference === q.get('filter[customer_reference]')).map(orderRecord), q) });
    }
    const order = /^\/v2\/number_orders\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && order) return () => readOrder(order);
    if (method === 'GET' && path === '/v2/phone_numbers') {
      return () => ({ status: 200, body: paged(state.owned.filter((n) => !q.has('filter[phone_number]') || n.phoneNumber === q.get('filter[phone_number]')).map(numberRecord), q) });
    }
    const [, id, messaging] = /^\/v2\/phone_numbers\/([^/]+)(\/messaging)?$/.exec(path) ?? [];
    if (!id) return null;
    if (method === 'PATCH' && messaging) {
      return (json) => numberById(id, (n) => {
        n.messagingProfileId = stringField(json, 'messaging_profile_id') ?? n.messagingProfileId;
        return { status: 200, body: { data: { id: n.id, phone_number: n.phoneNumber, record_type: 'messaging_settings', messaging_profile_id: n.messagingProfileId } } };
      });
    }
    if (method === 'PATCH') return (json) => numberById(id, (n) => { n.connectionId = stringField(json, 'connection_id') ?? n.connectionId; return { status: 200, body: { data: numberRecord(n) } }; });
    if (method === 'DELETE' && !messaging) return () => numberById(id, (n) => { state.owned.splice(state.owned.indexOf(n), 1); return { status: 200, body: { data: numberRecord(n) } }; });
    return method === 'GET' && !messaging ? () => numberById(id, (n) => ({ status: 200, body: { data: numberRecord(n) } })) : null;
  };
  const offer = (...numbers: FakeTelnyxAvailable[]): void => { forSale.push(...numbers); };
  const hold = (...phoneNumbers: string[]): FakeTelnyxPhoneNumber[] => phoneNumbers.map((phoneNumber) => own(phoneNumber, null, null));
  const reset = (): void => {
    forSale.length = 0;
    searched.clear();
    state.owned.length = 0;
    state.orders.length = 0;
  };
  return { resolve, offer, hold, reset };
};
