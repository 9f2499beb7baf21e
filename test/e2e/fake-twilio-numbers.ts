// The numbers half of the fake Twilio API (fake-twilio-api.ts): AvailablePhoneNumbers over what a test put
// up for sale, and the account's IncomingPhoneNumbers, in the JSON the official twilio client reads.
import { randomBytes } from 'node:crypto';
import { matchesContains, parseContains } from '../../src/domain/numbering-plan/contains.ts';

/** A number for sale, as a test describes it; `type` is the AvailablePhoneNumbers sub-resource. */
export interface FakeAvailableNumber {
  readonly phoneNumber: string;
  readonly isoCountry: string;
  readonly type: 'Local' | 'TollFree' | 'Mobile' | 'National';
  readonly region?: string;
  readonly locality?: string;
  readonly rateCenter?: string;
  readonly lata?: string;
  readonly postalCode?: string;
  readonly latitude?: string;
  readonly longitude?: string;
  readonly capabilities?: { readonly voice: boolean; readonly sms: boolean; readonly mms: boolean; readonly fax: boolean };
  readonly addressRequirements?: 'none' | 'any' | 'local' | 'foreign';
  readonly beta?: boolean;
}

/** A number the account holds, with the webhook fields masq sets (PascalCase form field -> value). */
export interface FakeIncomingNumber {
  readonly sid: string;
  readonly phoneNumber: string;
  readonly capabilities: { readonly voice: boolean; readonly sms: boolean; readonly mms: boolean; readonly fax: boolean };
  /** The writable fields as last set: VoiceUrl, SmsUrl, StatusCallback, VoiceApplicationSid... */
  readonly fields: Map<string, string>;
  readonly dateCreated: Date;
}

export interface FakeNumbers {
  /** Puts numbers up for sale. */
  offer(...numbers: FakeAvailableNumber[]): void;
  /** Numbers the account holds already (bought elsewhere), for listing and import. */
  hold(...phoneNumbers: string[]): FakeIncomingNumber[];
  readonly owned: FakeIncomingNumber[];
}

export type Served = { readonly status: number; readonly body: unknown } | { readonly status: number; readonly code: number; readonly message: string };

const ALL_CAPABILITIES = { voice: true, sms: true, mms: true, fax: false };
const WRITABLE = ['FriendlyName', 'VoiceUrl', 'VoiceMethod', 'SmsUrl', 'SmsMethod', 'StatusCallback', 'StatusCallbackMethod', 'VoiceApplicationSid', 'SmsApplicationSid'];

const rfc2822 = (date: Date): string => date.toUTCString().replace('GMT', '+0000');

const nationalOf = (n: FakeAvailableNumber): string => (n.phoneNumber.startsWith('+1') ? n.phoneNumber.slice(2) : n.phoneNumber.slice(3));

const milesBetween = (a: readonly [number, number], b: readonly [number, number]): number => {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h = Math.sin(rad(b[0] - a[0]) / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(rad(b[1] - a[1]) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
};

/** Twilio's filters, as the fake understands them. */
const matches = (n: FakeAvailableNumber, q: URLSearchParams): boolean => {
  const national = nationalOf(n);
  const contains = q.get('Contains');
  const near = q.get('NearLatLong')?.split(',').map(Number);
  const caps = n.capabilities ?? ALL_CAPABILITIES;
  const flags = [['VoiceEnabled', caps.voice], ['SmsEnabled', caps.sms], ['MmsEnabled', caps.mms], ['FaxEnabled', caps.fax]] as const;
  const checks: boolean[] = [
    !q.has('AreaCode') || national.startsWith(q.get('AreaCode') ?? ''),
    contains === null || matchesContains(parseContains(contains), national, n.phoneNumber.startsWith('+1') ? '1' : '44'),
    !q.has('InRegion') || q.get('InRegion') === n.region,
    !q.has('InPostalCode') || q.get('InPostalCode') === n.postalCode,
    !q.has('InLocality') || q.get('InLocality') === n.locality,
    !q.has('InRateCenter') || q.get('InRateCenter') === n.rateCenter,
    !q.has('InLata') || q.get('InLata') === n.lata,
    !q.has('NearNumber') || national.slice(0, 3) === (q.get('NearNumber') ?? '').slice(2, 5),
    near === undefined || (n.latitude !== undefined && n.longitude !== undefined
      && milesBetween([near[0] ?? 0, near[1] ?? 0], [Number(n.latitude), Number(n.longitude)]) <= Number(q.get('Distance') ?? 25)),
    q.get('Beta') !== 'false' || n.beta !== true,
    q.get('ExcludeAllAddressRequired') !== 'true' || (n.addressRequirements ?? 'none') === 'none',
    ...flags.map(([param, has]) => !q.has(param) || String(has) === q.get(param)),
  ];
  return checks.every(Boolean);
};

/** Twilio's AvailablePhoneNumbers row: capabilities spelled {voice, SMS, MMS}, as Twilio still does. */
const availableRow = (n: FakeAvailableNumber) => {
  const caps = n.capabilities ?? ALL_CAPABILITIES;
  return {
    friendly_name: n.phoneNumber, phone_number: n.phoneNumber, lata: n.lata ?? null, locality: n.locality ?? null,
    rate_center: n.rateCenter ?? null, latitude: n.latitude ?? null, longitude: n.longitude ?? null, region: n.region ?? null,
    postal_code: n.postalCode ?? null, iso_country: n.isoCountry, address_requirements: n.addressRequirements ?? 'none',
    beta: n.beta ?? false, capabilities: { voice: caps.voice, SMS: caps.sms, MMS: caps.mms, fax: caps.fax },
  };
};

export const numbersRoute = (accountPath: string) => {
  const forSale: FakeAvailableNumber[] = [];
  const owned: FakeIncomingNumber[] = [];
  const uriOf = (sid: string) => `${accountPath}/IncomingPhoneNumbers/${sid}.json`;
  const record = (n: FakeIncomingNumber) => {
    const field = (name: string, fallback: string | null = null) => n.fields.get(name) ?? fallback;
    return {
      account_sid: accountPath.split('/').pop(), address_requirements: 'none', api_version: '2010-04-01', beta: false,
      capabilities: n.capabilities, date_created: rfc2822(n.dateCreated), date_updated: rfc2822(n.dateCreated),
      emergency_status: 'Inactive', friendly_name: field('FriendlyName', n.phoneNumber), origin: 'twilio', phone_number: n.phoneNumber,
      sid: n.sid, sms_application_sid: field('SmsApplicationSid') || null, sms_fallback_method: 'POST', sms_fallback_url: null,
      sms_method: field('SmsMethod', 'POST'), sms_url: field('SmsUrl'), status: 'in-use', status_callback: field('StatusCallback'),
      status_callback_method: field('StatusCallbackMethod', 'POST'), trunk_sid: null, uri: uriOf(n.sid),
      voice_application_sid: field('VoiceApplicationSid') || null, voice_caller_id_lookup: false, voice_fallback_method: 'POST',
      voice_fallback_url: null, voice_method: field('VoiceMethod', 'POST'), voice_url: field('VoiceUrl'),
    };
  };
  const create = (phoneNumber: string, form: URLSearchParams, capabilities = ALL_CAPABILITIES): FakeIncomingNumber => {
    const number = { sid: `PN${randomBytes(16).toString('hex')}`, phoneNumber, capabilities, fields: new Map<string, string>(), dateCreated: new Date() };
    for (const name of WRITABLE) { const value = form.get(name); if (value !== null) number.fields.set(name, value); }
    owned.push(number);
    return number;
  };
  const buy = (form: URLSearchParams): Served => {
    const phoneNumber = form.get('PhoneNumber') ?? '';
    if (!/^\+\d{8,15}$/.test(phoneNumber)) return { status: 400, code: 21421, message: `PhoneNumber ${phoneNumber} is invalid.` };
    const index = forSale.findIndex((n) => n.phoneNumber === phoneNumber);
    const offered = forSale[index];
    if (!offered) return { status: 400, code: 21422, message: `PhoneNumber ${phoneNumber} is not available.` };
    forSale.splice(index, 1);
    return { status: 201, body: record(create(phoneNumber, form, offered.capabilities)) };
  };
  const list = (q: URLSearchParams): Served => {
    const size = Number(q.get('PageSize') ?? 50);
    const page = Number(q.get('Page') ?? 0);
    const rows = owned.filter((n) => !q.has('PhoneNumber') || n.phoneNumber === q.get('PhoneNumber'));
    const start = page * size;
    const pageUri = (p: number) => `${accountPath}/IncomingPhoneNumbers.json?PageSize=${size}&Page=${p}${p > 0 ? `&PageToken=PA${p * size}` : ''}`;
    return {
      status: 200,
      body: {
        first_page_uri: pageUri(0), next_page_uri: start + size < rows.length ? pageUri(page + 1) : null,
        previous_page_uri: page > 0 ? pageUri(page - 1) : null, page, page_size: size, start, end: Math.max(start, Math.min(rows.length, start + size) - 1),
        uri: pageUri(page), incoming_phone_numbers: rows.slice(start, start + size).map(record),
      },
    };
  };
  const one = (method: string, sid: string, form: URLSearchParams): Served | null => {
    const index = owned.findIndex((n) => n.sid === sid);
    const number = owned[index];
    if (!number) return null;
    if (method === 'DELETE') { owned.splice(index, 1); return { status: 204, body: null }; }
    if (method === 'POST') for (const name of WRITABLE) { const value = form.get(name); if (value !== null) number.fields.set(name, value); }
    return method === 'GET' || method === 'POST' ? { status: 200, body: record(number) } : null;
  };
  const serve = (method: string, url: URL, form: URLSearchParams): Served | null => {
    if (!url.pathname.startsWith(`${accountPath}/`)) return null;
    const path = url.pathname.slice(accountPath.length);
    const search = /^\/AvailablePhoneNumbers\/([A-Z]{2})\/(Local|TollFree|Mobile|National)\.json$/.exec(path);
    if (search && method === 'GET') {
      const [, country, type] = search;
      const found = forSale.filter((n) => n.isoCountry === country && n.type === type && matches(n, url.searchParams));
      return { status: 200, body: { uri: `${url.pathname}${url.search}`, available_phone_numbers: found.slice(0, Number(url.searchParams.get('PageSize') ?? 50)).map(availableRow) } };
    }
    if (path === '/IncomingPhoneNumbers.json') return method === 'POST' ? buy(form) : method === 'GET' ? list(url.searchParams) : null;
    const sid = /^\/IncomingPhoneNumbers\/([^/]+)\.json$/.exec(path)?.[1];
    return sid ? one(method, sid, form) : null;
  };
  const state: FakeNumbers = {
    offer: (...numbers) => { forSale.push(...numbers); },
    hold: (...phoneNumbers) => phoneNumbers.map((phoneNumber) => create(phoneNumber, new URLSearchParams())),
    owned,
  };
  return { serve, state };
};
