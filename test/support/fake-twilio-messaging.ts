// A local stand-in for Twilio's Messaging v1 registration API (brands, messaging services with their
// numbers, Usa2p campaigns, toll-free verifications): Basic auth with the account's SID and token, form
// bodies, Twilio's JSON. What it registers starts under review; tests decide it (`set`), as Twilio's
// reviewers and TCR would, and read what masq sent (`requests`).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { closeServer, listenOnLoopback, readBody } from './loopback-server.ts';

export type Json = Record<string, unknown>;

export interface FakeTwilioMessaging {
  /** http://127.0.0.1:{port}: a Twilio account's apiUrl (its Messaging API is served on the same origin). */
  readonly url: string;
  readonly requests: { readonly method: string; readonly path: string; readonly form: URLSearchParams }[];
  /** Resources by sid: BN brands, MG services, QE campaigns, HH verifications (their JSON as Twilio answers it). */
  readonly resources: Map<string, Json>;
  /** Numbers (PN sids) in each Twilio messaging service. */
  readonly serviceNumbers: Map<string, Set<string>>;
  /** Changes a resource, as Twilio's review would. */
  set(sid: string, fields: Json): void;
  close(): Promise<void>;
}

const sidOf = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

const twilioError = (code: number, message: string, status = 400): { status: number; body: Json } => ({ status, body: { code, message, status } });

export const startFakeTwilioMessaging = async (accountSid: string, authToken: string): Promise<FakeTwilioMessaging> => {
  const requests: FakeTwilioMessaging['requests'] = [];
  const resources = new Map<string, Json>();
  const serviceNumbers = new Map<string, Set<string>>();
  const create = (prefix: string, fields: Json): { status: number; body: Json } => {
    const sid = sidOf(prefix);
    const body = { sid, account_sid: accountSid, ...fields };
    resources.set(sid, body);
    return { status: 201, body };
  };
  const routes: [RegExp, string, (m: RegExpMatchArray, form: URLSearchParams) => { status: number; body: Json }][] = [
    [/^\/v1\/a2p\/BrandRegistrations$/, 'POST', (_m, f) => create('BN', {
      customer_profile_bundle_sid: f.get('CustomerProfileBundleSid'), a2p_profile_bundle_sid: f.get('A2PProfileBundleSid'),
      brand_type: f.get('BrandType') ?? 'STANDARD', status: 'PENDING', tcr_id: null, failure_reason: null, errors: [], brand_score: null,
      identity_status: null, russell_3000: false, government_entity: false, tax_exempt_status: null,
    })],
    [/^\/v1\/a2p\/BrandRegistrations\/(BN\w+)$/, 'POST', (m) => {
      const brand = resources.get(m[1] ?? '');
      if (!brand) return twilioError(20404, 'not found', 404);
      if (brand.status !== 'FAILED') return twilioError(21725, 'Only a FAILED brand can be resubmitted');
      Object.assign(brand, { status: 'PENDING', errors: [], failure_reason: null });
      return { status: 202, body: brand };
    }],
    [/^\/v1\/Services$/, 'POST', (_m, f) => {
      const made = create('MG', { friendly_name: f.get('FriendlyName') });
      serviceNumbers.set(String(made.body.sid), new Set());
      return made;
    }],
    [/^\/v1\/Services\/(MG\w+)\/Compliance\/Usa2p$/, 'POST', (m, f) => {
      const brand = resources.get(f.get('BrandRegistrationSid') ?? '');
      if (!brand || brand.status !== 'APPROVED') return twilioError(21717, 'The brand is not registered');
      return create('QE', {
        messaging_service_sid: m[1], brand_registration_sid: f.get('BrandRegistrationSid'), description: f.get('Description'),
        message_samples: f.getAll('MessageSamples'), us_app_to_person_usecase: f.get('UsAppToPersonUsecase'), campaign_status: 'PENDING',
        campaign_id: null, errors: [], rate_limits: null,
      });
    }],
    [/^\/v1\/Services\/(MG\w+)\/PhoneNumbers$/, 'POST', (m, f) => {
      const numbers = serviceNumbers.get(m[1] ?? '');
      const pn = f.get('PhoneNumberSid') ?? '';
      if (!numbers) return twilioError(20404, 'not found', 404);
      if (numbers.has(pn)) return twilioError(21710, 'Phone Number is already in the Messaging Service', 409);
      numbers.add(pn);
      return { status: 201, body: { sid: pn, service_sid: m[1] } };
    }],
    [/^\/v1\/Tollfree\/Verifications$/, 'POST', (_m, f) => create('HH', {
      tollfree_phone_number_sid: f.get('TollfreePhoneNumberSid'), business_name: f.get('BusinessName'), status: 'PENDING_REVIEW',
      rejection_reason: null, rejection_reasons: null, error_code: null,
    })],
  ];
  const serve = (method: string, path: string, form: URLSearchParams): { status: number; body: Json } => {
    for (const [pattern, verb, handler] of routes) {
      const m = path.match(pattern);
      if (m && verb === method) return handler(m, form);
    }
    const fetched = method === 'GET' ? resources.get(path.split('/').at(-1) ?? '') : undefined;
    return fetched ? { status: 200, body: fetched } : twilioError(20404, `${method} ${path} not found`, 404);
  };
  const server = createServer((req, res) => {
    readBody(req).then((text) => {
      const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
      const form = new URLSearchParams(text);
      requests.push({ method: req.method ?? '', path, form });
      const authorized = req.headers.authorization === `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      const answer = authorized ? serve(req.method ?? '', path, form) : twilioError(20003, 'Authenticate', 401);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    }, () => res.destroy());
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`, requests, resources, serviceNumbers,
    set: (sid, fields) => { Object.assign(resources.get(sid) ?? {}, fields); },
    close: () => closeServer(server),
  };
};
