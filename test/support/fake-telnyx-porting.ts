// The porting half of the fake Telnyx API (fake-telnyx-api.ts): portability checks, porting orders created
// as drafts (split per number), filled by PATCH (documents merged), confirmed and canceled by their
// actions, a draft deleted (it cannot be cancelled), listed by customer_reference, read by id. As at
// Telnyx, confirm needs the signed LOA on the order (documents.loa): a test signs it with `attachLoa`, as
// the customer would at Telnyx. A test drives what the losing carrier does (`portingOrders[i].status`,
// `focDatetimeActual`, `exceptions`) and `portOrder(id, 'ported')` puts the number in the account.
import { randomUUID } from 'node:crypto';
import type Telnyx from 'telnyx';
import type { TelnyxServed } from './fake-telnyx-numbers.ts';

type PortingStatus = NonNullable<NonNullable<Telnyx.PortingOrder['status']>['value']>;

export interface FakeTelnyxPortingOrder {
  readonly id: string;
  readonly phoneNumber: string;
  customerReference: string | null;
  status: PortingStatus;
  /** Exception codes while status is 'exception'. */
  exceptions: string[];
  focDatetimeActual: string | null;
  /** The last PATCH body, as sent. */
  details: Record<string, unknown>;
  /** The order's documents (invoice, loa): document ids. */
  documents: Record<string, string>;
}

export interface FakeTelnyxPorting {
  readonly portingOrders: FakeTelnyxPortingOrder[];
  /** Numbers the portability check calls not portable. */
  readonly notPortable: Set<string>;
  /** Moves an order as the losing carrier and Telnyx would; 'ported' also puts the number in the account. */
  portOrder(id: string, status: PortingStatus, options?: { readonly foc?: string; readonly exception?: string }): void;
  /** The customer uploads the signed LOA and puts it on the order (documents.loa), as in Telnyx's portal. */
  attachLoa(id: string, documentId?: string): void;
}

const error = (status: number, code: string, title: string, detail: string): TelnyxServed => ({ status, body: { errors: [{ code, title, detail }] } });
const recordOf = (json: unknown): Record<string, unknown> => (typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.fromEntries(Object.entries(json)) : {});

/** As Telnyx.PortingOrder, with exception codes as any string a test sets. */
const orderRecord = (o: FakeTelnyxPortingOrder) => ({
  id: o.id,
  record_type: 'porting_order',
  customer_reference: o.customerReference,
  status: { value: o.status, details: o.exceptions.map((code) => ({ code, description: code })) },
  activation_settings: { foc_datetime_actual: o.focDatetimeActual },
  documents: o.documents,
  phone_numbers: [{ phone_number: o.phoneNumber }],
});

export const telnyxPortingRoute = (ported: (e164: string) => void) => {
  const state: FakeTelnyxPorting = {
    portingOrders: [],
    notPortable: new Set(),
    portOrder: (id, status, options = {}) => {
      const order = state.portingOrders.find((o) => o.id === id);
      if (!order) throw new Error(`no porting order ${id}`);
      order.status = status;
      order.exceptions = options.exception ? [options.exception] : [];
      if (options.foc) order.focDatetimeActual = options.foc;
      if (status === 'ported') ported(order.phoneNumber);
    },
    attachLoa: (id, documentId = `${randomUUID()}`) => {
      const order = state.portingOrders.find((o) => o.id === id);
      if (!order) throw new Error(`no porting order ${id}`);
      order.documents.loa = documentId;
    },
  };
  const byId = (id: string, then: (o: FakeTelnyxPortingOrder) => TelnyxServed): TelnyxServed => {
    const order = state.portingOrders.find((o) => o.id === id);
    return order ? then(order) : error(404, '10005', 'Resource not found', `porting order ${id}`);
  };
  const create = (json: unknown): TelnyxServed => {
    const body = recordOf(json);
    const numbers = Array.isArray(body.phone_numbers) ? body.phone_numbers.filter((n): n is string => typeof n === 'string') : [];
    if (numbers.length === 0 || numbers.some((n) => state.notPortable.has(n))) return error(422, '10015', 'Invalid phone numbers', 'Not portable.');
    const reference = typeof body.customer_reference === 'string' ? body.customer_reference : null;
    const orders = numbers.map((phoneNumber) => ({
      id: randomUUID(), phoneNumber, customerReference: reference, status: 'draft' as const, exceptions: [], focDatetimeActual: null, details: {}, documents: {},
    }));
    state.portingOrders.push(...orders);
    return { status: 201, body: { data: orders.map(orderRecord) } };
  };
  const action = (order: FakeTelnyxPortingOrder, name: string): TelnyxServed => {
    if (name === 'confirm') {
      if (order.status !== 'draft' && order.status !== 'exception') return error(422, '10015', 'Invalid status', `Order is ${order.status}.`);
      if (order.documents.loa === undefined) return error(422, '10015', 'Missing documents', 'The order needs a signed LOA (documents.loa).');
      order.status = 'submitted';
    } else {
      if (order.status === 'ported' || order.status === 'draft') return error(422, '10015', 'Invalid status', `Order is ${order.status}.`);
      order.status = 'cancelled';
    }
    return { status: 200, body: { data: orderRecord(order) } };
  };
  const resolve = (method: string, url: URL): ((json: unknown) => TelnyxServed) | null => {
    const path = url.pathname;
    if (method === 'POST' && path === '/v2/portability_checks') {
      return (json) => {
        const numbers = recordOf(json).phone_numbers;
        const list = Array.isArray(numbers) ? numbers.filter((n): n is string => typeof n === 'string') : [];
        return { status: 200, body: { data: list.map((n) => ({ phone_number: n, portable: !state.notPortable.has(n), fast_portable: false, record_type: 'portability_check_result' })) } };
      };
    }
    if (method === 'POST' && path === '/v2/porting_orders') return create;
    if (method === 'GET' && path === '/v2/porting_orders') {
      const reference = url.searchParams.get('filter[customer_reference]');
      return () => ({ status: 200, body: { data: state.portingOrders.filter((o) => reference === null || o.customerReference === reference).map(orderRecord) } });
    }
    const [, id, actionName] = /^\/v2\/porting_orders\/([^/]+)(?:\/actions\/(confirm|cancel))?$/.exec(path) ?? [];
    if (!id) return null;
    if (method === 'POST' && actionName) return () => byId(id, (o) => action(o, actionName));
    if (method === 'GET' && !actionName) return () => byId(id, (o) => ({ status: 200, body: { data: orderRecord(o) } }));
    if (method === 'DELETE' && !actionName) {
      return () => byId(id, (o) => {
        if (o.status !== 'draft') return error(422, '10015', 'Invalid status', 'Only a draft order can be deleted.');
        state.portingOrders.splice(state.portingOrders.indexOf(o), 1);
        return { status: 200, body: { data: orderRecord(o) } };
      });
    }
    if (method === 'PATCH' && !actionName) {
      return (json) => byId(id, (o) => {
        o.details = recordOf(json);
        const documents = recordOf(o.details.documents);
        for (const [kind, value] of Object.entries(documents)) if (typeof value === 'string') o.documents[kind] = value;
        if (typeof o.details.customer_reference === 'string') o.customerReference = o.details.customer_reference;
        return { status: 200, body: { data: orderRecord(o) } };
      });
    }
    return null;
  };
  const reset = (): void => {
    state.portingOrders.length = 0;
    state.notPortable.clear();
  };
  return { state, resolve, reset };
};
