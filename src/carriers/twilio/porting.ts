// A Twilio account's PortingPort, over Twilio's Port In API (Numbers v1, JSON, on numbers.twilio.com).
// Each submitted number becomes a PortIn of its own, created with the submission's idempotency key as
// I-Twilio-Idempotency-Token, so a submission asked again after a lost answer gets the same PortIn. Its ref
// is "{KW}/{PU}" (the request and its one number); masq polls the number until Twilio says it ported, then
// finds it among the account's IncomingPhoneNumbers and points its webhooks at masq. Twilio runs the LOA:
// creating the PortIn e-mails it to the authorized representative, and the number reads "Waiting for
// Signature" until it is signed (masq submits when the request is created: collectsSignature 'carrier').
import { AppError } from '../../domain/errors.ts';
import type { PortabilityAnswer, PortDecision, PortOrderState, PortSubmission } from '../../domain/porting/losing-carrier.ts';
import { CarrierSendError, type OwnedNumber, type PortingPort } from '../../ports/carrier.ts';
import { errorCodeOf, requireJson, TwilioApi, type ApiAnswer } from './numbers-http.ts';
import { isRecord, ownedNumberOf, stringOrNull } from './numbers-records.ts';
import type { TwilioNumbers } from './numbers.ts';
import { portInBody, portNumberStateOf } from './porting-records.ts';

export interface TwilioPortingOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Twilio's 2010 API (IncomingPhoneNumbers): https://api.twilio.com, or a fake. */
  readonly apiUrl: string;
  /** Twilio's Numbers API (porting): https://numbers.twilio.com, or a fake. */
  readonly numbersApiUrl: string;
}

/** Twilio's "not portable through the API" and "a port is already in progress". */
const NOT_PORTABLE = 22133;
const IN_PROGRESS = 22137;

const isSuccess = (answer: ApiAnswer): boolean => answer.status >= 200 && answer.status < 300;

/** The Numbers API for a 2010 API URL: api.{rest} -> numbers.{rest}; any other host (a fake) serves both. */
export const numbersApiUrlOf = (apiUrl: string): string => {
  const url = new URL(apiUrl);
  if (url.hostname.startsWith('api.')) url.hostname = `numbers.${url.hostname.slice(4)}`;
  return url.toString().replace(/\/+$/, '');
};

const splitRef = (ref: string): [string, string] => {
  const [request = '', number = ''] = ref.split('/');
  return [encodeURIComponent(request), encodeURIComponent(number)];
};

export class TwilioPorting implements PortingPort {
  /** Twilio e-mails the LOA to the authorized representative when the PortIn is created. */
  readonly collectsSignature = 'carrier';
  readonly #api: TwilioApi;
  readonly #incoming: TwilioApi;
  readonly #numbers: TwilioNumbers;
  readonly #accountSid: string;
  readonly #base: string;

  constructor(options: TwilioPortingOptions, numbers: TwilioNumbers) {
    const common = { carrierName: 'Twilio', accountSid: options.accountSid, authToken: options.authToken, timeoutMs: 10_000, maxAttempts: 3, retryDelayMs: 500 };
    this.#base = options.numbersApiUrl.replace(/\/+$/, '');
    this.#api = new TwilioApi({ ...common, apiUrl: this.#base });
    this.#incoming = new TwilioApi({ ...common, apiUrl: options.apiUrl.replace(/\/+$/, '') });
    this.#numbers = numbers;
    this.#accountSid = options.accountSid;
  }

  async portability(e164: string): Promise<PortabilityAnswer> {
    const answer = await this.#api.call('GET', this.#url(`/v1/Porting/Portability/PhoneNumber/${encodeURIComponent(e164)}`), null, `check whether ${e164} can port`);
    if (!isSuccess(answer)) throw new AppError('downstream-rejected', `Twilio could not check whether ${e164} can port: ${this.#api.describe(answer)}`);
    const json = requireJson(this.#api, answer, 'a portability check');
    const type = stringOrNull(json.number_type);
    const tollFree = type === 'TOLL-FREE';
    return {
      portable: json.portable === true,
      lineType: tollFree ? null : type === 'MOBILE' ? 'wireless' : 'wireline',
      tollFree,
      reason: json.portable === true ? null : stringOrNull(json.not_portable_reason) ?? 'Twilio cannot port this number',
    };
  }

  async submit(submission: PortSubmission): Promise<PortDecision> {
    const what = `create a port-in for ${submission.e164}`;
    const answer = await this.#api.call('POST', this.#url('/v1/Porting/PortIn'), { json: portInBody(submission, this.#accountSid) }, what,
      { 'i-twilio-idempotency-token': submission.idempotencyKey });
    if (!isSuccess(answer)) {
      const code = errorCodeOf(answer);
      if (code === NOT_PORTABLE) return { kind: 'rejected', code: 'PHONE_NUMBER_NOT_PORTABLE' };
      if (code === IN_PROGRESS) return { kind: 'rejected', code: 'LSR_PENDING' };
      if (answer.status >= 400 && answer.status < 500) return { kind: 'rejected', code: 'OTHER' };
      throw new CarrierSendError(`Twilio could not ${what}: ${this.#api.describe(answer)}`, true);
    }
    const json = requireJson(this.#api, answer, 'a port-in');
    const request = stringOrNull(json.port_in_request_sid);
    const rows = Array.isArray(json.phone_numbers) ? json.phone_numbers.filter(isRecord) : [];
    const number = stringOrNull(rows.find((row) => row.phone_number === submission.e164)?.port_in_phone_number_sid ?? rows[0]?.port_in_phone_number_sid);
    if (request === null || number === null) throw new CarrierSendError(`Twilio answered ${what} without its port-in sids`, false);
    return { kind: 'pending', ref: `${request}/${number}` };
  }

  async status(ref: string): Promise<PortOrderState> {
    const [request, number] = splitRef(ref);
    const what = `read port-in ${ref}`;
    const answer = await this.#api.call('GET', this.#url(`/v1/Porting/PortIn/${request}/PhoneNumber/${number}`), null, what);
    if (answer.status === 404) return { kind: 'canceled' };
    if (!isSuccess(answer)) throw new CarrierSendError(`Twilio refused to ${what}: ${this.#api.describe(answer)}`, true);
    return portNumberStateOf(requireJson(this.#api, answer, 'a port-in number')) ?? { kind: 'submitted' };
  }

  async cancel(ref: string): Promise<void> {
    const [request, number] = splitRef(ref);
    const what = `cancel port-in ${ref}`;
    const answer = await this.#api.call('DELETE', this.#url(`/v1/Porting/PortIn/${request}/PhoneNumber/${number}`), null, what);
    if (!isSuccess(answer) && answer.status !== 404) throw new CarrierSendError(`Twilio refused to ${what}: ${this.#api.describe(answer)}`, true);
  }

  async activate(e164: string): Promise<OwnedNumber> {
    const url = this.#incoming.url('/IncomingPhoneNumbers.json', new URLSearchParams({ PhoneNumber: e164 }));
    const answer = await this.#incoming.call('GET', url, null, `look up ${e164}`);
    const rows = isSuccess(answer) && Array.isArray(answer.json?.incoming_phone_numbers) ? answer.json.incoming_phone_numbers.filter(isRecord) : [];
    const row = rows.find((r) => r.phone_number === e164);
    const owned = row ? ownedNumberOf(row) : null;
    // Ported, but not yet among the account's numbers: the next poll asks again.
    if (!owned) throw new CarrierSendError(`Twilio ported ${e164} but does not list it among the account's numbers yet`, true);
    try {
      await this.#numbers.pointAtMasq(owned.carrierRef);
    } catch (err) {
      // No public URL configured: the number is the account's all the same (masq numbers import can point it later).
      if (!(err instanceof AppError)) throw err;
    }
    return owned;
  }

  #url(path: string): URL {
    return new URL(`${this.#base}${path}`);
  }
}
