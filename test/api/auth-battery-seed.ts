// The auth battery's resources, one of each kind, made through the HTTP API as the main account: a Proxy
// service with a session, participant and interaction, a key, a messaging service with a number, a brand
// profile, an approved (mock) brand and its campaign, a toll-free number and its verification, a port-in,
// a porting webhook and a port-out, a flow, a recording and a message in the call log (those last two through
// the app and the store: no API makes them). `valueFor` says which one fills a `{Name}` of a route's template.
import type { NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import { sid } from '../support/fixtures.ts';
import { VALID_PROFILE } from './messaging-support.ts';
import { heldNumbers, portBody } from './port-in-support.ts';
import { ACCOUNT_SID, list, MAIN_AUTH, seedService, str, type Api, type Fields, type Response } from './support.ts';
import { HANGUP_FLOW, VERIFICATION } from './auth-battery-routes.ts';
import { seedRecording } from './recordings-seed.ts';

export type Values = Readonly<Record<string, string>>;

const API = `/2010-04-01/Accounts/${ACCOUNT_SID}`;

const created = (res: Response, what: string): Record<string, unknown> => {
  if (res.status !== 200 && res.status !== 201 && res.status !== 202) throw new Error(`seeding ${what}: ${res.status} ${res.body}`);
  return res.json;
};
const sidOf = (res: Response, what: string): string => str(created(res, what), 'sid');
const postJson = (api: Api, path: string, body: unknown): Promise<Response> =>
  api.post(path, JSON.stringify(body), MAIN_AUTH, { 'content-type': 'application/json' });

/** Buys the sandbox's first offer of a kind (Local or TollFree); returns its PN sid. */
const buy = async (api: Api, kind: 'Local' | 'TollFree'): Promise<string> => {
  const offers = await api.get(`${API}/AvailablePhoneNumbers/US/${kind}.json?PageSize=1${kind === 'Local' ? '&AreaCode=415' : ''}`);
  const phoneNumber = str(list(created(offers, `${kind} offers`), 'available_phone_numbers')[0] ?? {}, 'phone_number');
  return sidOf(await api.post(`${API}/IncomingPhoneNumbers/${kind}.json`, { PhoneNumber: phoneNumber }), `a ${kind} number`);
};

const seedProxy = async (api: Api) => {
  const { sid: service, numbers } = await seedService(api, 'battery', ['+14155551212', '+14155551213']);
  const session = str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');
  const participant = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' })).json, 'sid');
  // With a CallbackUrl, the MessageInteraction below owes a callback: the outbox entry {Id} of the webhook routes.
  await api.post(`/v1/Services/${service}`, { CallbackUrl: 'https://app.example/callback' });
  const interaction = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants/${participant}/MessageInteractions`, { Body: 'x' })).json, 'sid');
  const webhook = list((await api.get('/masq/v1/Webhooks')).json, 'webhooks')[0];
  const key = str((await api.post(`${API}/Keys.json`, { FriendlyName: 'battery' })).json, 'sid');
  return { ServiceSid: service, SessionSid: session, ParticipantSid: participant, InteractionSid: interaction, Id: String(webhook?.id), KeySid: key, Ref: numbers[0] ?? '', PortedOutRef: numbers[1] ?? '' };
};

const seedMessaging = async (api: Api) => {
  const mg = sidOf(await api.post('/messaging/v1/Services', { FriendlyName: 'battery' }), 'a messaging service');
  const local = await buy(api, 'Local');
  created(await api.post(`/messaging/v1/Services/${mg}/PhoneNumbers`, { PhoneNumberSid: local }), 'a messaging service number');
  const profile = sidOf(await api.post('/masq/v1/BrandProfiles', VALID_PROFILE), 'a brand profile');
  // A mock brand with a valid profile is approved at once: no review delay to wait out.
  const brand = sidOf(await api.post('/messaging/v1/a2p/BrandRegistrations', { CustomerProfileBundleSid: profile, A2PProfileBundleSid: profile, Mock: true }), 'a brand');
  const campaign: Fields = {
    BrandRegistrationSid: brand, UsAppToPersonUsecase: 'PROXY', HasEmbeddedLinks: false, HasEmbeddedPhone: false, OptOutKeywords: ['STOP'],
    Description: 'Rides sends trip updates between riders and drivers through masked proxy numbers.',
    MessageFlow: 'Riders and drivers opt in in the Rides app when they book or accept a trip, with a consent checkbox.',
    MessageSamples: ['Your driver Sam is 3 minutes away. Reply STOP to opt out.', 'Rider: I am at the north entrance, blue jacket.'],
  };
  const qe = sidOf(await api.post(`/messaging/v1/Services/${mg}/Compliance/Usa2p`, campaign), 'a campaign');
  const tollFree = await buy(api, 'TollFree');
  const verification = sidOf(await api.post('/messaging/v1/Tollfree/Verifications', { ...VERIFICATION, TollfreePhoneNumberSid: tollFree }), 'a toll-free verification');
  return { MessagingServiceSid: mg, MessagingNumberSid: local, ProfileSid: profile, BrandSid: brand, CampaignSid: qe, TollFreeSid: tollFree, VerificationSid: verification };
};

const seedPorting = async (api: Api, proxy: { Ref: string; PortedOutRef: string }) => {
  const [record] = heldNumbers('wireline', 1, 6_505_550_000);
  if (!record) throw new Error('no sandbox subscriber to port');
  // The sandbox's losing carrier says what a port of this number must submit.
  const subscriber = created(await api.get(`/sandbox/Subscribers/${encodeURIComponent(record.phoneNumber)}`), 'the subscriber record');
  if (subscriber.customer_name !== record.customerName) throw new Error(`unexpected subscriber ${JSON.stringify(subscriber)}`);
  const portIn = created(await postJson(api, '/numbers/v1/Porting/PortIn', portBody([record])), 'a port-in');
  const portInNumber = str(list(portIn, 'phone_numbers')[0] ?? {}, 'port_in_phone_number_sid');
  created(await postJson(api, '/numbers/v1/Porting/Configuration/Webhook', { port_in_target_url: 'https://hooks.example.invalid/port-in' }), 'the porting webhook');

  const pinOf = async (ref: string) => str(created(await api.get(`/masq/v1/Numbers/${ref}/PortOutPin`), 'a PIN'), 'port_out_pin');
  const e164Of = async (ref: string) => str(created(await api.get(`/masq/v1/Numbers/${ref}`), 'a number'), 'phone_number');
  const leaving = await api.post('/sandbox/PortOuts', { PhoneNumber: await e164Of(proxy.PortedOutRef), Pin: await pinOf(proxy.PortedOutRef), GainingCarrier: 'Acme Mobile' });
  const portOut = created(leaving, 'a port-out');
  if (portOut.status !== 'pending') throw new Error(`the port-out was not accepted: ${leaving.body}`);
  return {
    PortInSid: str(portIn, 'port_in_request_sid'), PhoneNumberSid: portInNumber, PhoneNumber: encodeURIComponent(record.phoneNumber), WebhookType: 'PORT_IN',
    PortOutSid: str(portOut, 'sid'), RefE164: await e164Of(proxy.Ref), RefPin: await pinOf(proxy.Ref),
  };
};

/**
 * A flow, and a message its number's flow answered, in the call log. No API writes traffic (it comes from
 * carriers), so the record goes in through the store as the engine would write it, on a number the account
 * holds, so that the owner's Reply is really sent. The number is not left attached to the flow: the record is
 * history, and the flow stays deletable.
 */
const seedProgrammable = async (api: Api) => {
  const flow = created(await api.post('/masq/v1/Flows', { FriendlyName: 'b', Definition: HANGUP_FLOW }), 'a flow');
  const numberSid = await buy(api, 'Local');
  const phoneNumber = str(created(await api.get(`${API}/IncomingPhoneNumbers/${numberSid}.json`), 'the programmable number'), 'phone_number');
  const now = api.clock.now();
  const traffic: NumberTraffic = {
    sid: sid('numberTraffic'), accountSid: ACCOUNT_SID, numberSid, phoneNumber, channel: 'message', carrier: 'sandbox', resourceSid: sid('message'),
    from: '+14155550001', to: phoneNumber, body: 'battery', application: 'flow', attestation: null, flowSid: str(flow, 'sid'), flowRevision: 1,
    status: 'received', durationSeconds: null, dateCreated: now, dateUpdated: now,
  };
  await api.runtime.deps.store.insertTraffic(traffic, [{ at: now, kind: 'flow-step', detail: 'Started at node h (hangup)', data: { node: 'h' } }]);
  return { FlowSid: str(flow, 'sid'), Revision: '1', TrafficSid: traffic.sid };
};

export const seedBattery = async (api: Api): Promise<Values> => {
  const proxy = await seedProxy(api);
  const messaging = await seedMessaging(api);
  const porting = await seedPorting(api, proxy);
  return {
    ...proxy, ...messaging, ...porting, ...(await seedProgrammable(api)), RecordingSid: await seedRecording(api), AccountSid: ACCOUNT_SID, CountryCode: 'US', number: '%2B14155550001', sid: `CA${'0'.repeat(32)}`,
  };
};

/** `{Sid}` is the last segment's resource, so which one depends on the template; other names are per prefix. */
const SID_RULES: readonly [RegExp, string][] = [
  [/^\/messaging\/v1\/Services\/\{ServiceSid\}\/PhoneNumbers\/\{Sid\}$/, 'MessagingNumberSid'],
  [/^\/messaging\/v1\/Services\/\{Sid\}$/, 'MessagingServiceSid'],
  [/Compliance\/Usa2p\/\{Sid\}$/, 'CampaignSid'],
  [/^\/masq\/v1\/Campaigns\/\{Sid\}$/, 'CampaignSid'],
  [/Tollfree\/Verifications\/\{Sid\}$/, 'VerificationSid'],
  [/BrandRegistrations\/\{Sid\}$/, 'BrandSid'],
  [/BrandProfiles\/\{Sid\}$/, 'ProfileSid'],
  [/PortIns?\/\{Sid\}/, 'PortInSid'],
  [/PortOuts\/\{Sid\}$/, 'PortOutSid'],
  [/^\/masq\/v1\/Flows\/\{Sid\}/, 'FlowSid'],
  [/^\/masq\/v1\/NumberTraffic\/\{Sid\}/, 'TrafficSid'],
  [/\/Services\/\{Sid\}$/, 'ServiceSid'],
  [/PhoneNumbers\/\{Sid\}/, 'Ref'],
  [/Sessions\/\{Sid\}$/, 'SessionSid'],
  [/Participants\/\{Sid\}$/, 'ParticipantSid'],
  [/Keys\/\{Sid\}\.json$/, 'KeySid'],
  [/Recordings\/\{Sid\}/, 'RecordingSid'],
  [/Accounts\/\{Sid\}\.json$/, 'AccountSid'],
];

export const valueFor = (values: Values, template: string, name: string): string => {
  if (name === 'Sid') {
    // masq has no short codes: any SC SID will do, it is 404 to everyone.
    if (template.includes('ShortCodes/{Sid}')) return `SC${'a'.repeat(32)}`;
    const rule = SID_RULES.find(([pattern]) => pattern.test(template));
    return values[rule?.[1] ?? 'InteractionSid'] ?? '';
  }
  if (name === 'ServiceSid' && template.startsWith('/messaging/')) return values.MessagingServiceSid ?? '';
  return values[name] ?? '';
};
