// The auth battery's table: every route the OpenAPI document lists, with a body that passes validation so that
// a refusal is about the account, not the input. `{Name}` in a template, a query or a body value is filled
// from the resources the battery seeded (auth-battery-seed.ts).
import type { Fields } from './support.ts';

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly template: string;
  /** A form body; a value `{Name}` is replaced by the seeded value of that name. */
  readonly body?: Fields;
  /** A JSON body instead (the Numbers v1 porting routes take JSON). */
  readonly json?: Record<string, unknown>;
  readonly query?: string;
  /**
   * Routes not scoped to one resource of an account: collection roots, creates that name nothing of
   * another account, the account's own settings and reports, and the shared sandbox network.
   */
  readonly unscoped?: boolean;
  /**
   * Creates scoped by a resource their body names (`{Name}` values): another account's is refused exactly as
   * one that exists nowhere would be (400 or 404 as the route documents), so the answer is never a hint.
   */
  readonly byBody?: boolean;
}

const S = '/v1/Services/{ServiceSid}';
const SESSION = `${S}/Sessions/{SessionSid}`;
const PARTICIPANT = `${SESSION}/Participants/{ParticipantSid}`;
const KEYS = '/2010-04-01/Accounts/{AccountSid}/Keys';
const AVAILABLE = '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers';
const INCOMING = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers';
const USAGE = '/2010-04-01/Accounts/{AccountSid}/Usage/Records';
const RECORDINGS = '/2010-04-01/Accounts/{AccountSid}/Recordings';
const MG = '/messaging/v1/Services';
const USA2P = `${MG}/{MessagingServiceSid}/Compliance/Usa2p`;
const TFV = '/messaging/v1/Tollfree/Verifications';
const BRANDS = '/messaging/v1/a2p/BrandRegistrations';
const PORTING = '/numbers/v1/Porting';
const FLOWS = '/masq/v1/Flows';
const TRAFFIC = '/masq/v1/NumberTraffic';
/** The smallest flow that validates: a call to it is hung up. */
export const HANGUP_FLOW = '{"version":1,"start":"h","nodes":{"h":{"type":"hangup"}}}';

const PROXY_AND_2010: readonly Route[] = [
  { method: 'POST', template: '/2010-04-01/Accounts.json', body: { FriendlyName: 'battery-sub' }, unscoped: true },
  { method: 'GET', template: '/2010-04-01/Accounts.json', unscoped: true },
  { method: 'GET', template: '/2010-04-01/Accounts/{Sid}.json' },
  { method: 'POST', template: '/2010-04-01/Accounts/{Sid}.json', body: { FriendlyName: 'battery' } },
  { method: 'POST', template: '/v1/Services', body: { UniqueName: 'battery-new' }, unscoped: true },
  { method: 'GET', template: '/v1/Services', unscoped: true },
  { method: 'GET', template: '/v1/Services/{Sid}' },
  { method: 'POST', template: '/v1/Services/{Sid}', body: { DefaultTtl: 1 } },
  { method: 'DELETE', template: '/v1/Services/{Sid}' },
  { method: 'POST', template: `${S}/PhoneNumbers`, body: { PhoneNumber: '+14155559999' } },
  { method: 'GET', template: `${S}/PhoneNumbers` },
  { method: 'GET', template: `${S}/PhoneNumbers/{Sid}` },
  { method: 'POST', template: `${S}/PhoneNumbers/{Sid}`, body: { IsReserved: false } },
  { method: 'DELETE', template: `${S}/PhoneNumbers/{Sid}` },
  { method: 'POST', template: `${S}/ShortCodes`, body: { Sid: `SC${'a'.repeat(32)}` } },
  { method: 'GET', template: `${S}/ShortCodes` },
  { method: 'GET', template: `${S}/ShortCodes/{Sid}` },
  { method: 'POST', template: `${S}/ShortCodes/{Sid}`, body: { IsReserved: true } },
  { method: 'DELETE', template: `${S}/ShortCodes/{Sid}` },
  { method: 'POST', template: `${S}/Sessions`, body: {} },
  { method: 'GET', template: `${S}/Sessions` },
  { method: 'GET', template: `${S}/Sessions/{Sid}` },
  { method: 'POST', template: `${S}/Sessions/{Sid}`, body: { Ttl: 10 } },
  { method: 'DELETE', template: `${S}/Sessions/{Sid}` },
  { method: 'POST', template: `${SESSION}/Participants`, body: { Identifier: '+14155550077' } },
  { method: 'GET', template: `${SESSION}/Participants` },
  { method: 'GET', template: `${SESSION}/Participants/{Sid}` },
  { method: 'DELETE', template: `${SESSION}/Participants/{Sid}` },
  { method: 'GET', template: `${SESSION}/Interactions` },
  { method: 'GET', template: `${SESSION}/Interactions/{Sid}` },
  { method: 'DELETE', template: `${SESSION}/Interactions/{Sid}` },
  { method: 'POST', template: `${PARTICIPANT}/MessageInteractions`, body: { Body: 'hi' } },
  { method: 'GET', template: `${PARTICIPANT}/MessageInteractions` },
  { method: 'GET', template: `${PARTICIPANT}/MessageInteractions/{Sid}` },
  { method: 'POST', template: `${KEYS}.json`, body: { FriendlyName: 'battery-new' } },
  { method: 'GET', template: `${KEYS}.json` },
  { method: 'GET', template: `${KEYS}/{Sid}.json` },
  { method: 'POST', template: `${KEYS}/{Sid}.json`, body: { FriendlyName: 'renamed' } },
  { method: 'DELETE', template: `${KEYS}/{Sid}.json` },
  { method: 'GET', template: `${AVAILABLE}.json` },
  ...['', '/Local', '/TollFree', '/Mobile', '/National', '/SharedCost', '/Voip', '/MachineToMachine', '/ShortCode'].map(
    (kind): Route => ({ method: 'GET', template: `${AVAILABLE}/{CountryCode}${kind}.json` }),
  ),
  { method: 'GET', template: `${INCOMING}.json` },
  { method: 'POST', template: `${INCOMING}.json`, body: { AreaCode: '415' } },
  { method: 'GET', template: `${INCOMING}/Local.json` },
  { method: 'POST', template: `${INCOMING}/Local.json`, body: { PhoneNumber: '+14155550123' } },
  { method: 'GET', template: `${INCOMING}/TollFree.json` },
  { method: 'POST', template: `${INCOMING}/TollFree.json`, body: { PhoneNumber: '+18005550123' } },
  { method: 'GET', template: `${INCOMING}/Mobile.json` },
  { method: 'POST', template: `${INCOMING}/Mobile.json`, body: { PhoneNumber: '+447700900123' } },
  { method: 'GET', template: `${INCOMING}/{Sid}.json` },
  { method: 'POST', template: `${INCOMING}/{Sid}.json`, body: { FriendlyName: 'battery' } },
  { method: 'DELETE', template: `${INCOMING}/{Sid}.json` },
  ...['', '/AllTime', '/Daily', '/Monthly', '/Yearly', '/Today', '/Yesterday', '/ThisMonth', '/LastMonth'].map(
    (period): Route => ({ method: 'GET', template: `${USAGE}${period}.json` }),
  ),
  { method: 'GET', template: `${RECORDINGS}.json` },
  ...['.json', '.wav', '', '/Transcriptions.json', '/AddOnResults.json'].map((tail): Route => ({ method: 'GET', template: `${RECORDINGS}/{Sid}${tail}` })),
  { method: 'DELETE', template: `${RECORDINGS}/{Sid}.json` },
];

const MASQ_AND_SANDBOX: readonly Route[] = [
  { method: 'GET', template: '/masq/v1/PhoneNumbers/{Sid}' },
  { method: 'POST', template: '/masq/v1/PhoneNumbers/{Sid}', body: { SmsEnabled: true } },
  { method: 'GET', template: '/masq/v1/Services/{ServiceSid}/Explain', query: '?Identifier=%2B14155550001' },
  { method: 'GET', template: '/masq/v1/Webhooks', unscoped: true },
  { method: 'GET', template: '/masq/v1/Webhooks/{Id}/Attempts' },
  { method: 'GET', template: '/masq/v1/Numbers', unscoped: true },
  { method: 'GET', template: '/masq/v1/Numbers/{Ref}' },
  { method: 'GET', template: '/masq/v1/Numbers/{Ref}/MisdirectedTraffic' },
  { method: 'POST', template: '/masq/v1/Numbers/Import', body: { Carrier: 'sandbox' }, unscoped: true },
  { method: 'GET', template: '/masq/v1/NumberPolicy', unscoped: true },
  { method: 'POST', template: '/masq/v1/NumberPolicy', body: { InactivityDays: 31 }, unscoped: true },
  { method: 'GET', template: '/masq/v1/Numbers/{Ref}/PortOutPin' },
  { method: 'POST', template: '/masq/v1/Numbers/{Ref}/PortOutPin', body: { Pin: '2468' } },
  { method: 'GET', template: '/masq/v1/PortOuts', unscoped: true },
  { method: 'GET', template: '/masq/v1/PortOuts/{Sid}' },
  { method: 'POST', template: '/masq/v1/PortOuts/{Sid}', body: { Status: 'rejected', Reason: 'not mine to refuse' } },
  { method: 'POST', template: '/masq/v1/PortIns/{Sid}', json: { losing_carrier_information: { customer_name: 'Someone Else' } } },
  { method: 'POST', template: '/masq/v1/BrandProfiles', body: { FriendlyName: 'battery-new' }, unscoped: true },
  { method: 'GET', template: '/masq/v1/BrandProfiles', unscoped: true },
  { method: 'GET', template: '/masq/v1/BrandProfiles/{Sid}' },
  { method: 'POST', template: '/masq/v1/BrandProfiles/{Sid}', body: { FriendlyName: 'renamed' } },
  { method: 'POST', template: '/masq/v1/Campaigns/{Sid}', body: { Status: 'SUSPENDED', Reason: 'not mine to suspend' } },
  { method: 'GET', template: '/masq/v1/Usage/Costs', unscoped: true },
  { method: 'GET', template: '/masq/v1/Usage/Costs.csv', unscoped: true },
  { method: 'GET', template: '/masq/v1/Usage/CostRecords.csv', unscoped: true },
  { method: 'GET', template: '/sandbox/phones/{number}/messages', unscoped: true },
  { method: 'POST', template: '/sandbox/phones/{number}/messages', body: { To: '+14155550002', Body: 'hi' }, unscoped: true },
  { method: 'GET', template: '/sandbox/phones/{number}/calls', unscoped: true },
  { method: 'POST', template: '/sandbox/phones/{number}/calls', body: { To: '+14155550002' }, unscoped: true },
  { method: 'GET', template: '/sandbox/calls/{sid}', unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/answer', unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/hangup', unscoped: true },
  { method: 'GET', template: '/sandbox/phones/{number}', unscoped: true },
  { method: 'POST', template: '/sandbox/phones/{number}', body: { OnCall: 'ring' }, unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/digits', body: { Digits: '1' }, unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/silence', unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/voicemail', body: { Text: 'hello' }, unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/busy', unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/no-answer', unscoped: true },
  { method: 'GET', template: '/sandbox/Subscribers/{PhoneNumber}', unscoped: true },
  // The gaining carrier asks for one of the account's numbers with its real PIN.
  { method: 'POST', template: '/sandbox/PortOuts', body: { PhoneNumber: '{RefE164}', Pin: '{RefPin}', GainingCarrier: 'Acme Mobile' }, byBody: true },
  { method: 'POST', template: '/sandbox/PortIns/{Sid}/Sign' },
];

// Programmable numbers (issue 14): flows and the call log. The battery never deletes with the owner's
// credentials (every owner DELETE names something malformed), so the seeded flow outlives DELETE /Flows/{Sid}.
const PROGRAMMABLE: readonly Route[] = [
  { method: 'GET', template: FLOWS, unscoped: true },
  { method: 'POST', template: FLOWS, body: { FriendlyName: 'battery-new', Definition: HANGUP_FLOW }, unscoped: true },
  { method: 'POST', template: `${FLOWS}/Validate`, body: { Definition: HANGUP_FLOW }, unscoped: true },
  { method: 'GET', template: `${FLOWS}/{Sid}` },
  { method: 'POST', template: `${FLOWS}/{Sid}`, body: { Definition: HANGUP_FLOW, CommitMessage: 'not mine to change' } },
  { method: 'DELETE', template: `${FLOWS}/{Sid}` },
  { method: 'GET', template: `${FLOWS}/{Sid}/Revisions` },
  { method: 'GET', template: `${FLOWS}/{Sid}/Revisions/{Revision}` },
  { method: 'POST', template: `${FLOWS}/{Sid}/DryRun`, body: { From: '+14155550001', At: '2026-12-06T21:00:00-05:00' } },
  { method: 'GET', template: TRAFFIC, unscoped: true },
  { method: 'GET', template: `${TRAFFIC}/{Sid}` },
  { method: 'POST', template: `${TRAFFIC}/{Sid}/Reply`, body: { Body: 'hi' } },
];

const NUMBERS_V1: readonly Route[] = [
  // Its body names its target account_sid: another account's is refused as a bad parameter, never created.
  { method: 'POST', template: `${PORTING}/PortIn`, json: {}, unscoped: true },
  { method: 'GET', template: `${PORTING}/PortIn/PortInRequests`, unscoped: true },
  { method: 'GET', template: `${PORTING}/PortIn/{Sid}` },
  { method: 'DELETE', template: `${PORTING}/PortIn/{Sid}` },
  { method: 'GET', template: `${PORTING}/PortIn/{Sid}/PhoneNumber/{PhoneNumberSid}` },
  { method: 'DELETE', template: `${PORTING}/PortIn/{Sid}/PhoneNumber/{PhoneNumberSid}` },
  // A question about a number at its losing carrier, not a resource of an account.
  { method: 'GET', template: `${PORTING}/Portability/PhoneNumber/{PhoneNumber}`, unscoped: true },
  { method: 'POST', template: `${PORTING}/Configuration/Webhook`, json: { port_in_target_url: 'https://hooks.example.invalid/other' }, unscoped: true },
  { method: 'GET', template: `${PORTING}/Configuration/Webhook`, unscoped: true },
  // The seeded account has a PORT_IN target; another account removing "its" one finds none.
  { method: 'DELETE', template: `${PORTING}/Configuration/Webhook/{WebhookType}` },
];

const CAMPAIGN: Fields = {
  BrandRegistrationSid: '{BrandSid}',
  Description: 'Rides sends trip updates between riders and drivers through masked proxy numbers.',
  MessageFlow: 'Riders and drivers opt in in the Rides app when they book or accept a trip, with a consent checkbox.',
  MessageSamples: ['Your driver Sam is 3 minutes away. Reply STOP to opt out.', 'Rider: I am at the north entrance, blue jacket.'],
  UsAppToPersonUsecase: 'PROXY', HasEmbeddedLinks: false, HasEmbeddedPhone: false, OptOutKeywords: ['STOP'],
  HelpMessage: 'Rides support: help@rides.example, reply STOP to opt out.',
};

export const VERIFICATION: Fields = {
  BusinessName: 'Rides Inc', BusinessWebsite: 'https://rides.example', NotificationEmail: 'compliance@rides.example',
  UseCaseCategories: ['ACCOUNT_NOTIFICATIONS'], UseCaseSummary: 'Trip updates for riders who booked in the Rides app.',
  ProductionMessageSample: 'Your Rides driver is arriving. Reply STOP to opt out.', OptInImageUrls: ['https://rides.example/optin.png'],
  OptInType: 'WEB_FORM', MessageVolume: '10,000',
};

const MESSAGING_V1: readonly Route[] = [
  { method: 'POST', template: MG, body: { FriendlyName: 'battery-new' }, unscoped: true },
  { method: 'GET', template: MG, unscoped: true },
  { method: 'GET', template: `${MG}/{Sid}` },
  { method: 'POST', template: `${MG}/{Sid}`, body: { FriendlyName: 'renamed' } },
  { method: 'DELETE', template: `${MG}/{Sid}` },
  { method: 'POST', template: `${MG}/{ServiceSid}/PhoneNumbers`, body: { PhoneNumberSid: '{TollFreeSid}' } },
  { method: 'GET', template: `${MG}/{ServiceSid}/PhoneNumbers` },
  { method: 'GET', template: `${MG}/{ServiceSid}/PhoneNumbers/{Sid}` },
  { method: 'DELETE', template: `${MG}/{ServiceSid}/PhoneNumbers/{Sid}` },
  { method: 'POST', template: USA2P, body: CAMPAIGN },
  { method: 'GET', template: USA2P },
  { method: 'GET', template: `${USA2P}/Usecases`, query: '?BrandRegistrationSid={BrandSid}' },
  { method: 'GET', template: `${USA2P}/{Sid}` },
  { method: 'POST', template: `${USA2P}/{Sid}`, body: { ...CAMPAIGN, BrandRegistrationSid: undefined, UsAppToPersonUsecase: undefined, OptOutKeywords: undefined, HelpMessage: undefined } },
  { method: 'DELETE', template: `${USA2P}/{Sid}` },
  { method: 'POST', template: `${MG}/PreregisteredUsa2p`, body: { CampaignId: 'CBATTRY', MessagingServiceSid: '{MessagingServiceSid}' }, byBody: true },
  { method: 'POST', template: TFV, body: { ...VERIFICATION, TollfreePhoneNumberSid: '{TollFreeSid}' }, byBody: true },
  { method: 'GET', template: TFV, unscoped: true },
  { method: 'GET', template: `${TFV}/{Sid}` },
  { method: 'POST', template: `${TFV}/{Sid}`, body: { BusinessName: 'Not Rides' } },
  { method: 'DELETE', template: `${TFV}/{Sid}` },
  { method: 'POST', template: BRANDS, body: { CustomerProfileBundleSid: '{ProfileSid}', A2PProfileBundleSid: '{ProfileSid}' }, byBody: true },
  { method: 'GET', template: BRANDS, unscoped: true },
  { method: 'GET', template: `${BRANDS}/{Sid}` },
  { method: 'POST', template: `${BRANDS}/{Sid}` },
];

export const ROUTES: readonly Route[] = [...PROXY_AND_2010, ...MASQ_AND_SANDBOX, ...PROGRAMMABLE, ...NUMBERS_V1, ...MESSAGING_V1];
