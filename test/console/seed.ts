// Data for the console's page tests, made through masq's public API as a user's scripts would: numbers
// bought from the sandbox, a Proxy service with a session and a text, a released number that is still
// texted (misdirected traffic), a failing callback, 10DLC and toll-free registrations, a port-in and a
// port-out. Only 127.0.0.1 is ever called; the callback URL is a closed loopback port.
import assert from 'node:assert/strict';

export interface Target {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
}

export interface Seeded {
  readonly poolNumbers: readonly string[];
  readonly quarantined: { readonly sid: string; readonly phoneNumber: string };
  readonly tollFree: string;
  readonly serviceName: string;
  readonly serviceSid: string;
  readonly sessionSid: string;
  readonly portInSid: string;
  readonly portOutNumber: string;
  readonly brandName: string;
}

type Body = Readonly<Record<string, string | readonly string[]>>;

const record = (value: unknown): Record<string, unknown> => {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `expected a JSON object, got ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
};

const text = (o: Record<string, unknown>, key: string): string => {
  const value = o[key];
  assert.equal(typeof value, 'string', `${key} in ${JSON.stringify(o)}`);
  return String(value);
};

export const apiClient = (t: Target) => {
  const auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: { form?: Body; json?: unknown }, okStatuses: readonly number[] = [200, 201, 202, 204]): Promise<{ status: number; body: unknown }> => {
    const headers: Record<string, string> = { Authorization: auth };
    let payload: string | undefined;
    if (body?.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(body.form)) for (const item of typeof v === 'string' ? [v] : v) params.append(k, item);
      payload = params.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (body?.json !== undefined) {
      payload = JSON.stringify(body.json);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${t.url}${path}`, { method, headers, ...(payload !== undefined && { body: payload }) });
    const raw = await response.text();
    assert.ok(okStatuses.includes(response.status), `${method} ${path} answered ${response.status}: ${raw}`);
    const parsed: unknown = raw === '' ? null : JSON.parse(raw);
    return { status: response.status, body: parsed };
  };
  return {
    get: async (path: string) => record((await call('GET', path)).body),
    post: async (path: string, form: Body = {}) => record((await call('POST', path, { form })).body),
    postJson: async (path: string, json: unknown) => record((await call('POST', path, { json })).body),
    del: async (path: string) => { await call('DELETE', path); },
    status: async (path: string) => (await call('GET', path, undefined, [200, 404])).status,
  };
};

/** A US number the sandbox does not sell (held by a fictional subscriber of another carrier): portable in. */
const portableNumber = async (api: ReturnType<typeof apiClient>): Promise<Record<string, unknown>> => {
  for (let line = 0; line < 40; line += 1) {
    const e164 = `+1212555${String(7000 + line).padStart(4, '0')}`;
    if (await api.status(`/sandbox/Subscribers/${encodeURIComponent(e164)}`) === 200) return api.get(`/sandbox/Subscribers/${encodeURIComponent(e164)}`);
  }
  assert.fail('no subscriber record among 40 lines of the sandbox plan');
};

const seedNumbers = async (api: ReturnType<typeof apiClient>, account: string) => {
  const numbers = `/2010-04-01/Accounts/${account}/IncomingPhoneNumbers.json`;
  const bought = [];
  for (let i = 0; i < 4; i += 1) bought.push(await api.post(numbers, { AreaCode: '415', FriendlyName: `Pool ${i + 1}` }));
  const offers = await api.get(`/2010-04-01/Accounts/${account}/AvailablePhoneNumbers/US/TollFree.json?PageSize=1`);
  const list = offers['available_phone_numbers'];
  const offer = record(Array.isArray(list) ? list[0] : undefined);
  const tollFree = await api.post(numbers, { PhoneNumber: text(offer, 'phone_number'), FriendlyName: 'Support line' });
  return { bought, tollFree };
};

const seedProxy = async (api: ReturnType<typeof apiClient>, pool: readonly Record<string, unknown>[]) => {
  const service = await api.post('/v1/Services', { UniqueName: 'deliveries', CallbackUrl: 'http://127.0.0.1:9/proxy-callback' });
  const serviceSid = text(service, 'sid');
  for (const n of pool) await api.post(`/v1/Services/${serviceSid}/PhoneNumbers`, { Sid: text(n, 'sid') });
  const session = await api.post(`/v1/Services/${serviceSid}/Sessions`, { UniqueName: 'order-1001' });
  const sessionSid = text(session, 'sid');
  const customer = await api.post(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`, { Identifier: '+14155550101', FriendlyName: 'Customer' });
  await api.post(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`, { Identifier: '+14155550102', FriendlyName: 'Driver' });
  await api.post(`/sandbox/phones/${encodeURIComponent('+14155550101')}/messages`, { To: text(customer, 'proxy_identifier'), Body: 'Where is my order?' });
  return { serviceSid, sessionSid };
};

const seedRegistrations = async (api: ReturnType<typeof apiClient>, tollFreeSid: string) => {
  const profile = await api.post('/masq/v1/BrandProfiles', {
    FriendlyName: 'Acme', LegalName: 'Acme Rides Inc', TaxId: '12-3456789', EntityType: 'PRIVATE_PROFIT', Vertical: 'TRANSPORTATION', Street: '1 Main St',
    City: 'San Francisco', Region: 'CA', PostalCode: '94105', IsoCountry: 'US', Website: 'https://acme.invalid', Email: 'ops@acme.invalid', Phone: '+14155550100',
  });
  const bundle = text(profile, 'sid');
  const brand = await api.post('/messaging/v1/a2p/BrandRegistrations', { CustomerProfileBundleSid: bundle, A2PProfileBundleSid: bundle, Mock: 'true' });
  const messaging = await api.post('/messaging/v1/Services', { FriendlyName: 'Rider updates' });
  await api.post(`/messaging/v1/Services/${text(messaging, 'sid')}/Compliance/Usa2p`, {
    BrandRegistrationSid: text(brand, 'sid'), UsAppToPersonUsecase: 'PROXY',
    Description: 'Masked conversations between riders and drivers about a ride in progress.',
    MessageFlow: 'Riders opt in when they book a ride in the Acme app and accept the terms shown there.',
    MessageSamples: ['Your driver Ana is 2 minutes away. Reply STOP to opt out.', 'Reply to this number to reach your driver.'],
    HelpMessage: 'Acme Rides: rider support at acme.invalid/help. Reply STOP to opt out.',
    HasEmbeddedLinks: 'false', HasEmbeddedPhone: 'false',
  });
  await api.post('/messaging/v1/Tollfree/Verifications', {
    TollfreePhoneNumberSid: tollFreeSid, BusinessName: 'Acme Rides Inc', BusinessWebsite: 'https://acme.invalid', NotificationEmail: 'ops@acme.invalid',
    UseCaseCategories: 'CUSTOMER_CARE', UseCaseSummary: 'Support conversations with riders', ProductionMessageSample: 'Your refund was processed. Reply STOP to opt out.',
    OptInType: 'WEB_FORM', OptInImageUrls: 'https://acme.invalid/opt-in.png', MessageVolume: '1,000',
  });
  return 'Acme Rides Inc';
};

const seedPorting = async (api: ReturnType<typeof apiClient>, account: string, portOutSid: string) => {
  const subscriber = await portableNumber(api);
  const address = record(subscriber['address']);
  const target = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const portIn = await api.postJson('/numbers/v1/Porting/PortIn', {
    account_sid: account,
    documents: ['RD0123456789abcdef0123456789abcdef'],
    losing_carrier_information: {
      customer_name: text(subscriber, 'customer_name'), customer_type: text(subscriber, 'customer_type'), account_number: text(subscriber, 'account_number'),
      authorized_representative: text(subscriber, 'customer_name'), authorized_representative_email: 'ops@acme.invalid',
      address: { street: text(address, 'street'), city: text(address, 'city'), state: text(address, 'state'), zip: text(address, 'zip'), country: 'US' },
    },
    phone_numbers: [{ phone_number: text(subscriber, 'phone_number'), pin: text(subscriber, 'pin') }],
    target_port_in_date: target,
  });
  const portInSid = text(portIn, 'port_in_request_sid');
  await api.post(`/sandbox/PortIns/${portInSid}/Sign`);
  const pin = await api.get(`/masq/v1/Numbers/${portOutSid}/PortOutPin`);
  const number = await api.get(`/masq/v1/Numbers/${portOutSid}`);
  await api.post('/sandbox/PortOuts', { PhoneNumber: text(number, 'phone_number'), Pin: text(pin, 'port_out_pin'), GainingCarrier: 'Acme Mobile' });
  return { portInSid, portOutNumber: text(number, 'phone_number') };
};

/** Everything the page tests look for, made through the API. */
export const seed = async (t: Target): Promise<Seeded> => {
  const api = apiClient(t);
  const { bought, tollFree } = await seedNumbers(api, t.accountSid);
  const [first, second, third, fourth] = bought;
  assert.ok(first && second && third && fourth);
  const { serviceSid, sessionSid } = await seedProxy(api, [first, second]);
  // Released, then texted: its quarantine shows the attempt as misdirected traffic.
  await api.del(`/2010-04-01/Accounts/${t.accountSid}/IncomingPhoneNumbers/${text(third, 'sid')}.json`);
  await api.post(`/sandbox/phones/${encodeURIComponent('+14155550199')}/messages`, { To: text(third, 'phone_number'), Body: 'Are you still there?' });
  const brandName = await seedRegistrations(api, text(tollFree, 'sid'));
  const { portInSid, portOutNumber } = await seedPorting(api, t.accountSid, text(fourth, 'sid'));
  return {
    poolNumbers: [text(first, 'phone_number'), text(second, 'phone_number')],
    quarantined: { sid: text(third, 'sid'), phoneNumber: text(third, 'phone_number') },
    tollFree: text(tollFree, 'phone_number'),
    serviceName: 'deliveries',
    serviceSid,
    sessionSid,
    portInSid,
    portOutNumber,
    brandName,
  };
};
