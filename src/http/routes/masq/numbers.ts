// masq extension: the lifecycle of every number an account holds or held (docs/numbers.md, "Lifecycle").
//   GET  /masq/v1/Numbers                              every state; filters State, Type, Carrier, PhoneNumber
//   GET  /masq/v1/Numbers/{PN or E.164}                its lifecycle and history
//   GET  /masq/v1/Numbers/{PN or E.164}/MisdirectedTraffic
//   GET/POST /masq/v1/NumberPolicy                     the account's quarantine and inactivity policy
// Each works on the account the request authenticated as (no account in the URL), as every /masq/v1 route.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { fetchMisdirectedTraffic, fetchNumberLifecycle, listNumbers } from '../../../app/number-lifecycle-reads.ts';
import { loadNumberPolicy } from '../../../app/number-policy.ts';
import { withGatingDefault } from '../../../app/sms-gate.ts';
import { updateNumberPolicy } from '../../../app/update-number-policy.ts';
import { portOutPinOf } from '../../../app/port-out/port-out-pin.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { NUMBER_TYPES } from '../../../domain/inventory-number.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery, withFilters } from '../../paging.ts';
import {
  MisdirectedTrafficJson, NumberDetailJson, NumberJson, NumberPolicyJson, serializeMisdirected, serializeNumber, serializeNumberDetail,
  serializeNumberPolicy,
} from '../../serializers/number-lifecycle.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const ListQuery = Type.Object({
  ...PageQuery.properties,
  State: Type.Optional(Type.String({ description: 'provisioning, active, porting-out, quarantined, recycled, returned, failed or ported-out' })),
  Type: Type.Optional(Type.String({ description: 'local, toll-free, mobile, ... (TollFree and the other resource names work too)' })),
  Carrier: Type.Optional(Type.String({ description: 'A carrier account name, e.g. sandbox' })),
  PhoneNumber: Type.Optional(Type.String({ description: 'Digits, * for any one digit, matched anywhere' })),
});

const Params = Type.Object({ Ref: Type.String({ description: 'PN SID, or the E.164 number (its latest record in the account)' }) });

const field = (description: string) => Type.Optional(Type.Unknown({ description }));

// camelCase names (NumberPolicy's); any case works (InactivityDays, inactivity_days), as everywhere in masq.
const PolicyBody = Type.Object({
  quarantineDays: field('Days per number type (30-90): a JSON object such as {"local":60,"toll-free":90} (in a form, its JSON text), or one whole number for every type'),
  misdirectedThreshold: field('Misdirected attempts within the last extensionDays that extend a quarantine (1-10000)'),
  extensionDays: field('Days a quarantine is extended by, and the window attempts are counted in (1-90)'),
  maxQuarantineDays: field('The longest a quarantine lasts, extensions included (30-365)'),
  inactivityDays: field('Days without traffic after which an active number is flagged inactive (1-365)'),
  inactivityPolicy: field('flag, warn (callback) or release (callback, then release)'),
  inactivityCallbackUrl: field('Where the warning is posted; required for warn and release'),
  releaseAfterWarningDays: field('With release: days between the warning and the release (1-365)'),
  quarantineSmsReply: field('Reply to an SMS sent to a quarantined number; empty for none'),
  smsGating: field('US SMS registration gating: enforce, warn or off; empty follows the installation default (MASQ_SMS_GATING)'),
});

const INTEGER_FIELDS = new Set(['misdirectedThreshold', 'extensionDays', 'maxQuarantineDays', 'inactivityDays', 'releaseAfterWarningDays']);
const WHOLE = /^\s*-?\d{1,9}\s*$/;

/** A form sends every value as text: whole numbers become numbers; anything else is left for the policy's checks. */
const fromForm = (name: string, value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (INTEGER_FIELDS.has(name)) return WHOLE.test(value) ? Number(value) : value;
  if (name !== 'quarantineDays') return value;
  if (WHOLE.test(value)) return Number(value);
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameter('quarantineDays', 'Expected a JSON object of days per number type, or one whole number.');
  }
};

/** One number for every type, or the object as given. */
const spreadDays = (value: unknown): unknown =>
  typeof value === 'number' ? Object.fromEntries(NUMBER_TYPES.map((type) => [type, value])) : value;

const policyChange = (body: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).map(([name, value]) => {
    const parsed = fromForm(name, value);
    return [name, name === 'quarantineDays' ? spreadDays(parsed) : parsed];
  }));

/** The list's filters ride along on every page link, so following next_page_url keeps them. */
export const masqNumberRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq extensions'];

  app.get('/masq/v1/Numbers', {
    schema: { tags, summary: 'Every number the account holds or held, in every lifecycle state, oldest first', querystring: ListQuery, response: { 200: ListJson('numbers', NumberJson), ...ERRORS } },
  }, async (request) => {
    const { State, Type: type, Carrier, PhoneNumber } = request.query;
    const parsed = parsePageQuery(request.query);
    const filter = { state: State, type, carrier: Carrier, phoneNumber: PhoneNumber };
    const page = await listNumbers(ctx.deps, accountOf(request).sid, filter, parsed.request);
    const body = listBody('numbers', page, parsed, request, ctx, (n) => serializeNumber(n, ctx.base(request)));
    return { ...body, meta: withFilters(body.meta, { State, Type: type, Carrier, PhoneNumber }) };
  });

  app.get('/masq/v1/Numbers/:Ref', {
    schema: { tags, summary: "A number's lifecycle, with every record of its E.164 number in the account", params: Params, response: { 200: NumberDetailJson, ...ERRORS } },
  }, async (request) => {
    const lifecycle = await fetchNumberLifecycle(ctx.deps, accountOf(request).sid, request.params.Ref);
    // The port-out PIN is made on first sight (docs/porting.md): the owner reads it here or on .../PortOutPin.
    return { ...serializeNumberDetail(lifecycle, ctx.base(request)), port_out_pin: await portOutPinOf(ctx.deps, lifecycle.number) };
  });

  app.get('/masq/v1/Numbers/:Ref/MisdirectedTraffic', {
    schema: { tags, summary: 'Traffic that reached the number while it was quarantined, per sender', params: Params, response: { 200: MisdirectedTrafficJson, ...ERRORS } },
  }, async (request) => serializeMisdirected(await fetchMisdirectedTraffic(ctx.deps, accountOf(request).sid, request.params.Ref), ctx.base(request)));

  app.get('/masq/v1/NumberPolicy', {
    schema: { tags, summary: "The account's number policy (quarantine, inactivity), defaults included", response: { 200: NumberPolicyJson, ...ERRORS } },
  }, async (request) => serializeNumberPolicy(withGatingDefault(await loadNumberPolicy(ctx.deps.store, accountOf(request).sid), ctx.deps.settings)));

  app.post('/masq/v1/NumberPolicy', {
    schema: {
      tags, summary: 'Change some fields of the number policy (JSON or form); the others keep their values',
      consumes: [...FORM, 'application/json'], body: PolicyBody, response: { 200: NumberPolicyJson, ...ERRORS },
    },
  }, async (request) => serializeNumberPolicy(withGatingDefault(await updateNumberPolicy(ctx.deps, accountOf(request).sid, policyChange(request.body)), ctx.deps.settings)));
};
