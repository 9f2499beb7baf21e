// A Twilio account's numbers (and a SignalWire project's: the same 2010 API under {space}/api/laml):
// AvailablePhoneNumbers to search, IncomingPhoneNumbers to buy, point, list and release. Twilio buys
// synchronously (201), so an order is complete or failed at once; every number bought is pointed at this
// account's masq webhooks in the same request, so it routes through masq from its first call.
import { AppError } from '../../domain/errors.ts';
import type { AvailableNumber, NumberSearch } from '../../domain/numbering-plan/types.ts';
import { CarrierSendError, type NumberCountry, type NumberOrder, type NumbersPort, type OrderState, type OwnedNumber, type OwnedPage } from '../../ports/carrier.ts';
import { errorCodeOf, requireJson, TwilioApi, type ApiAnswer, type TwilioApiOptions } from './numbers-http.ts';
import { isRecord, ownedNumberOf, stringOrNull } from './numbers-records.ts';
import { availableNumbersOf, searchParams, TWILIO_TYPE_RESOURCE } from './numbers-search.ts';

export interface TwilioNumbersOptions extends Omit<TwilioApiOptions, 'timeoutMs' | 'maxAttempts' | 'retryDelayMs'> {
  /** {publicUrl}/webhooks/{account}; null when masq's public URL is not configured (then nothing is bought). */
  readonly webhookBase: string | null;
  /** What the account sells (countries()): Twilio's API cannot list it without a request per country. */
  readonly countries: readonly NumberCountry[];
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
}

/**
 * Countries and types a Twilio account can buy without a regulatory bundle in most cases; Twilio sells
 * in many more, which can still be searched by country code.
 */
export const TWILIO_COUNTRIES: readonly NumberCountry[] = [
  { isoCountry: 'US', types: ['local', 'toll-free'] },
  { isoCountry: 'CA', types: ['local', 'toll-free'] },
  { isoCountry: 'GB', types: ['local', 'mobile', 'toll-free', 'national'] },
  { isoCountry: 'AU', types: ['local', 'mobile', 'toll-free'] },
];

/** Twilio's "not available for purchase" and "invalid phone number" (did-wire-contract §3.7). */
const NOT_PURCHASABLE = 21422;
const INVALID_NUMBER = 21421;
/** No numbers in the area code, and an invalid one: an empty search at masq's level. */
const EMPTY_SEARCH_CODES = new Set([21451, 21452]);

const OWNED_PAGE_SIZE = 50;
const INCOMING = '/IncomingPhoneNumbers';

const isSuccess = (answer: ApiAnswer): boolean => answer.status >= 200 && answer.status < 300;

export class TwilioNumbers implements NumbersPort {
  readonly #api: TwilioApi;
  readonly #webhookBase: string | null;
  readonly #countries: readonly NumberCountry[];

  constructor(options: TwilioNumbersOptions) {
    this.#api = new TwilioApi({ timeoutMs: 10_000, maxAttempts: 3, retryDelayMs: 500, ...options, apiUrl: options.apiUrl.replace(/\/+$/, '') });
    this.#webhookBase = options.webhookBase?.replace(/\/+$/, '') ?? null;
    this.#countries = options.countries;
  }

  countries(): readonly NumberCountry[] {
    return this.#countries;
  }

  async search(query: NumberSearch): Promise<readonly AvailableNumber[]> {
    const resource = TWILIO_TYPE_RESOURCE[query.type];
    if (resource === null) return [];
    const path = `/AvailablePhoneNumbers/${encodeURIComponent(query.isoCountry)}/${resource}.json`;
    const answer = await this.#api.call('GET', this.#api.url(path, searchParams(query)), null, 'search numbers');
    // 404: the country or its type is not sold; 21451/21452: nothing in that area code. Either way, none.
    if (answer.status === 404 || EMPTY_SEARCH_CODES.has(errorCodeOf(answer) ?? 0)) return [];
    if (!isSuccess(answer)) throw this.#refused('search numbers', answer);
    return availableNumbersOf(requireJson(this.#api, answer, 'a search'), query);
  }

  async order(request: NumberOrder): Promise<OrderState> {
    const form = this.#routing();
    form.set('PhoneNumber', request.e164);
    const answer = await this.#api.call('POST', this.#api.url(`${INCOMING}.json`), form, `buy ${request.e164}`,
      { 'i-twilio-idempotency-token': request.idempotencyKey });
    if (isSuccess(answer)) return { state: 'complete', number: this.#owned(requireJson(this.#api, answer, 'a purchase'), request.e164) };
    const code = errorCodeOf(answer);
    if (code === NOT_PURCHASABLE) {
      // A retried order whose first attempt did buy it (its answer was lost) is told "not available":
      // the number being this account's own means the purchase happened. It is pointed at masq again.
      const held = await this.#findOwned(request.e164);
      if (held) {
        await this.pointAtMasq(held.carrierRef);
        return { state: 'complete', number: held };
      }
    }
    const unavailable = code === NOT_PURCHASABLE || code === INVALID_NUMBER;
    return { state: 'failed', reason: `${this.#api.carrierName} did not sell ${request.e164}: ${this.#api.describe(answer)}`, unavailable };
  }

  getOrder(orderRef: string): Promise<OrderState> {
    return Promise.reject(new Error(`${this.#api.carrierName} completes its orders at once; there is no order ${orderRef} to ask about`));
  }

  async release(number: { readonly e164: string; readonly carrierRef: string }): Promise<void> {
    // A number recorded without its sid (its carrierRef is the E.164) is found first.
    const sid = number.carrierRef.startsWith('+') ? (await this.#findOwned(number.e164))?.carrierRef : number.carrierRef;
    if (sid === undefined) return;
    const answer = await this.#api.call('DELETE', this.#api.url(`${INCOMING}/${encodeURIComponent(sid)}.json`), null, `release ${number.e164}`);
    // 404: the carrier no longer has it, which is what releasing wanted.
    if (!isSuccess(answer) && answer.status !== 404) throw this.#refused(`release ${number.e164}`, answer);
  }

  async pointAtMasq(carrierRef: string): Promise<void> {
    const form = this.#routing();
    // An application sid would win over the URLs (Twilio's precedence): cleared, so the URLs apply.
    form.set('VoiceApplicationSid', '');
    form.set('SmsApplicationSid', '');
    const what = `point ${carrierRef} at masq`;
    const answer = await this.#api.call('POST', this.#api.url(`${INCOMING}/${encodeURIComponent(carrierRef)}.json`), form, what);
    if (!isSuccess(answer)) throw this.#refused(what, answer);
  }

  async listOwned(cursor: string | null): Promise<OwnedPage> {
    const url = cursor === null
      ? this.#api.url(`${INCOMING}.json`, new URLSearchParams({ PageSize: String(OWNED_PAGE_SIZE) }))
      : this.#api.pageUrl(cursor, INCOMING);
    const answer = await this.#api.call('GET', url, null, 'list the account\'s numbers');
    if (!isSuccess(answer)) throw this.#refused('list the account\'s numbers', answer);
    const json = requireJson(this.#api, answer, 'a list of numbers');
    const rows = Array.isArray(json.incoming_phone_numbers) ? json.incoming_phone_numbers.filter(isRecord) : [];
    return { numbers: rows.flatMap((row) => ownedNumberOf(row) ?? []), next: stringOrNull(json.next_page_uri) };
  }

  /** The number's webhooks at masq: a form for a purchase or an update. Refused without masq's public URL. */
  #routing(): URLSearchParams {
    const base = this.#webhookBase;
    if (base === null) {
      throw new AppError('number-routing-not-configured',
        `masq's public URL (MASQ_PUBLIC_URL) is not configured, so a number of this ${this.#api.carrierName} account could not call masq's webhooks: it is not bought or changed`);
    }
    return new URLSearchParams({
      VoiceUrl: `${base}/voice`, VoiceMethod: 'POST',
      SmsUrl: `${base}/sms`, SmsMethod: 'POST',
      // The inbound call's progress (webhooks.ts reads call-status).
      StatusCallback: `${base}/call-status`, StatusCallbackMethod: 'POST',
    });
  }

  async #findOwned(e164: string): Promise<OwnedNumber | null> {
    const answer = await this.#api.call('GET', this.#api.url(`${INCOMING}.json`, new URLSearchParams({ PhoneNumber: e164 })), null, `look up ${e164}`);
    if (!isSuccess(answer)) return null;
    const rows = answer.json?.incoming_phone_numbers;
    const row = Array.isArray(rows) ? rows.filter(isRecord).find((r) => r.phone_number === e164) : undefined;
    return row ? ownedNumberOf(row) : null;
  }

  #owned(json: Readonly<Record<string, unknown>>, e164: string): OwnedNumber {
    const owned = ownedNumberOf(json);
    // Bought, but unreadable: not `unsent`, since the number is now the account's.
    if (!owned) throw new CarrierSendError(`${this.#api.carrierName} sold ${e164} but its answer names no number sid`, false);
    return owned;
  }

  /** A 4xx answer: the carrier did nothing (`unsent`), and says why. */
  #refused(what: string, answer: ApiAnswer): CarrierSendError {
    return new CarrierSendError(`${this.#api.carrierName} refused to ${what}: ${this.#api.describe(answer)}`, true);
  }
}
