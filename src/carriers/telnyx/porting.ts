// A Telnyx account's PortingPort: a number is ported by a porting order. Submitting creates the order
// (customer_reference: the submission's idempotency key, so a submission asked again after a lost answer
// finds its order instead of making a second) and fills its end user from masq's losing carrier
// information. Telnyx will not confirm an order without the signed Letter of Authorization on it
// (documents.loa), and the customer gets that signed at Telnyx (its LOA template for the order, uploaded
// signed), so the order waits as a draft (awaiting-signature) and masq confirms it on the first poll that
// finds the LOA on it. Telnyx then works the port with the losing carrier and masq polls the order (or
// hears its porting_order.status_changed webhook). Once ported, the number is looked up among the account's
// numbers and pointed at masq (the order also asked Telnyx to assign the connection and messaging profile).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '../../domain/errors.ts';
import type { PortabilityAnswer, PortDecision, PortOrderState, PortSubmission } from '../../domain/porting/losing-carrier.ts';
import { CarrierSendError, type OwnedNumber, type PortingPort } from '../../ports/carrier.ts';
import { isJsonObject, optionalString, type JsonObject } from './json-fields.ts';
import { dataObject, dataObjects, isSuccess, TelnyxApi, type TelnyxApiOptions } from './numbers-http.ts';
import { phoneNumberOf } from './numbers-records.ts';
import type { TelnyxNumbers } from './numbers.ts';
import { hasLoa, orderDetails, portOrderStateOf, type PortingRouting } from './porting-orders.ts';

const orderPath = (id: string): string => `/porting_orders/${encodeURIComponent(id)}`;

export class TelnyxPorting implements PortingPort {
  /** The LOA is signed at Telnyx and put on the order (documents.loa) before it can be confirmed. */
  readonly collectsSignature = 'carrier';
  readonly #api: TelnyxApi;
  readonly #numbers: TelnyxNumbers;
  readonly #routing: PortingRouting;

  constructor(options: TelnyxApiOptions, numbers: TelnyxNumbers, routing: PortingRouting) {
    this.#api = new TelnyxApi(options);
    this.#numbers = numbers;
    this.#routing = routing;
  }

  async portability(e164: string): Promise<PortabilityAnswer> {
    const type = parsePhoneNumberFromString(e164)?.getType();
    const tollFree = type === 'TOLL_FREE';
    // Telnyx says whether, not what line: a number libphonenumber calls mobile is wireless, any other wireline.
    const lineType = tollFree ? null : type === 'MOBILE' ? 'wireless' : 'wireline';
    const answer = await this.#api.call('POST', '/portability_checks', `check whether ${e164} can port`, { body: { phone_numbers: [e164] } });
    if (!isSuccess(answer)) throw new AppError('downstream-rejected', `Telnyx could not check whether ${e164} can port (HTTP ${answer.status})`);
    const check = dataObjects(answer).find((row) => row.phone_number === e164);
    const portable = check?.portable === true;
    const reason = portable ? null : (check && optionalString(check, 'not_portable_reason')) ?? 'Telnyx cannot port this number';
    return { portable, lineType, tollFree, reason };
  }

  async submit(submission: PortSubmission): Promise<PortDecision> {
    const key = submission.idempotencyKey;
    const order = (await this.#orderByReference(key)) ?? (await this.#create(submission));
    if (order === null) return { kind: 'rejected', code: 'PHONE_NUMBER_NOT_PORTABLE' };
    const id = optionalString(order, 'id') ?? '';
    const status = isJsonObject(order.status) ? optionalString(order.status, 'value') : undefined;
    // Found confirmed already (the answer to an earlier confirm was lost): nothing more to do.
    if (status !== 'draft') return { kind: 'pending', ref: id };
    const what = `fill in porting order ${id}`;
    const filled = await this.#api.call('PATCH', orderPath(id), what, { body: orderDetails(submission, this.#routing) });
    if (!isSuccess(filled)) throw this.#api.refused(what, filled);
    // Signed already (an order found again after a lost answer): confirmed now; otherwise it waits for its LOA.
    if (hasLoa(dataObject(filled, 'a porting order'))) {
      const confirmed = await this.#confirm(id);
      if (confirmed.kind === 'rejected') return confirmed;
    }
    return { kind: 'pending', ref: id };
  }

  async status(ref: string): Promise<PortOrderState> {
    const answer = await this.#api.call('GET', orderPath(ref), `read porting order ${ref}`);
    // Deleted at Telnyx: nothing will port.
    if (answer.status === 404) return { kind: 'canceled' };
    if (!isSuccess(answer)) throw this.#api.refused(`read porting order ${ref}`, answer);
    const order = dataObject(answer, 'a porting order');
    const state = portOrderStateOf(order) ?? { kind: 'submitted' };
    // The customer put the signed LOA on the draft: the order goes to Telnyx now.
    return state.kind === 'awaiting-signature' && hasLoa(order) ? this.#confirm(ref) : state;
  }

  /** Confirms a draft order; a 422 (the order lacks what Telnyx requires: documents, end user fields) is a rejection the customer corrects. */
  async #confirm(id: string): Promise<PortOrderState> {
    const confirmed = await this.#api.call('POST', `${orderPath(id)}/actions/confirm`, `confirm porting order ${id}`);
    if (confirmed.status === 422) return { kind: 'rejected', code: 'OTHER' };
    if (!isSuccess(confirmed)) throw this.#api.refused(`confirm porting order ${id}`, confirmed);
    return { kind: 'submitted' };
  }

  async cancel(ref: string): Promise<void> {
    const answer = await this.#api.call('POST', `${orderPath(ref)}/actions/cancel`, `cancel porting order ${ref}`);
    // A draft (still waiting for its LOA) is not cancelled at Telnyx but deleted; a ported order refuses both.
    const final = answer.status === 422 ? await this.#api.call('DELETE', orderPath(ref), `delete draft porting order ${ref}`) : answer;
    if (!isSuccess(final) && final.status !== 404) throw this.#api.refused(`cancel porting order ${ref}`, final);
  }

  async activate(e164: string): Promise<OwnedNumber> {
    const query = new URLSearchParams({ 'filter[phone_number]': e164 });
    const answer = await this.#api.call('GET', '/phone_numbers', `look up ${e164}`, { query });
    if (!isSuccess(answer)) throw this.#api.refused(`look up ${e164}`, answer);
    const number = dataObjects(answer).flatMap((row) => phoneNumberOf(row) ?? []).find((n) => n.e164 === e164);
    // Ported, but not yet among the account's numbers: the next poll asks again.
    if (!number) throw new CarrierSendError(`Telnyx ported ${e164} but does not list it among the account's numbers yet`, true);
    try {
      await this.#numbers.pointAtMasq(number.id);
    } catch (err) {
      // No connection or messaging profile configured: the number is the account's all the same (masq numbers import can point it later).
      if (!(err instanceof AppError)) throw err;
    }
    return number.owned;
  }

  async #orderByReference(reference: string): Promise<JsonObject | null> {
    const answer = await this.#api.call('GET', '/porting_orders', 'look up an earlier porting order', {
      query: new URLSearchParams({ 'filter[customer_reference]': reference }),
    });
    if (!isSuccess(answer)) throw this.#api.refused('look up an earlier porting order', answer);
    return dataObjects(answer).find((order) => order.customer_reference === reference) ?? null;
  }

  /** A new draft order for the number; null when Telnyx will not port it (422). */
  async #create(submission: PortSubmission): Promise<JsonObject | null> {
    const what = `create a porting order for ${submission.e164}`;
    const answer = await this.#api.call('POST', '/porting_orders', what, {
      body: { phone_numbers: [submission.e164], customer_reference: submission.idempotencyKey },
    });
    if (answer.status === 422) return null;
    if (!isSuccess(answer)) throw this.#api.refused(what, answer);
    // Telnyx answers a list: orders are split by losing carrier; one number makes one order.
    const [order] = dataObjects(answer);
    if (!order || optionalString(order, 'id') === undefined) throw new CarrierSendError(`Telnyx answered ${what} without the order`, false);
    return order;
  }
}
