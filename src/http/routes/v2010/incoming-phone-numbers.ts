// /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers: the numbers an account holds, as Twilio's client
// manages them (client.incomingPhoneNumbers.create/list/(sid).fetch/update/remove, and the typed
// .local/.tollFree/.mobile lists and purchases). Buying goes through a carrier account (MasqCarrier, else
// the default carrier); DELETE releases the number into quarantine (204).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { buyNumber } from '../../../app/buy-number.ts';
import { assertFlowAttachable } from '../../../app/flows/flow-attachment.ts';
import { fetchIncomingNumber, listIncomingNumbers, updateIncomingNumber } from '../../../app/incoming-numbers.ts';
import { releaseNumber } from '../../../app/release-number.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import type { NumberOrigin, NumberType } from '../../../domain/inventory-number.ts';
import { parseNumberConfig } from '../../../domain/number-config.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageEnvelope2010, pageEnvelope2010, parsePageQuery2010 } from '../../paging-2010.ts';
import { PageQuery } from '../../paging.ts';
import { IncomingPhoneNumberJson, serializeIncomingPhoneNumber } from '../../serializers/incoming-phone-number.ts';
import { ERRORS, mountPathOf, type RouteContext } from '../common.ts';
import { urlAccount } from './url-account.ts';

const CONFIG_FIELDS = [
  'ApiVersion', 'VoiceUrl', 'VoiceMethod', 'VoiceFallbackUrl', 'VoiceFallbackMethod', 'VoiceApplicationSid', 'VoiceCallerIdLookup',
  'VoiceReceiveMode', 'TrunkSid', 'SmsUrl', 'SmsMethod', 'SmsFallbackUrl', 'SmsFallbackMethod', 'SmsApplicationSid', 'StatusCallback',
  'StatusCallbackMethod', 'EmergencyStatus', 'EmergencyAddressSid', 'IdentitySid', 'AddressSid', 'BundleSid',
  // masq's extension: the masq flow that answers the number (docs/programmable-numbers.md, "Flows").
  'FlowSid', 'FlowRevision',
] as const;
const optionalStrings = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, Type.Optional(Type.String())]));

const CreateBody = Type.Object({
  ...optionalStrings(CONFIG_FIELDS),
  PhoneNumber: Type.Optional(Type.String({ description: 'E.164; or give AreaCode' })),
  AreaCode: Type.Optional(Type.String({ description: 'Buy the first number on offer in this US area code' })),
  FriendlyName: Type.Optional(Type.String({ maxLength: 64 })),
  MasqCarrier: Type.Optional(Type.String({ description: 'masq: the carrier account to buy through (default: the default carrier)' })),
});
const UpdateBody = Type.Object({
  ...optionalStrings(CONFIG_FIELDS),
  FriendlyName: Type.Optional(Type.String()),
  AccountSid: Type.Optional(Type.String({ description: 'Move the number to a subaccount or to the owner account' })),
});
const DeleteQuery = Type.Object({
  MasqCloseSessions: Type.Optional(Type.String({ description: 'masq: true closes the open Proxy sessions using the number instead of refusing (80611)' })),
});
const ListQuery = Type.Object({
  ...PageQuery.properties,
  PhoneNumber: Type.Optional(Type.String()),
  FriendlyName: Type.Optional(Type.String()),
  Origin: Type.Optional(Type.String()),
  Beta: Type.Optional(Type.String()),
});
const AccountParams = Type.Object({ AccountSid: Type.String() });
const NumberParams = Type.Object({ AccountSid: Type.String(), Sid: Type.String({ description: 'PN...' }) });
const NumberList = Type.Object({ ...PageEnvelope2010, incoming_phone_numbers: Type.Array(IncomingPhoneNumberJson) });

/** The typed sub-resources: the path segment and the number type it lists and buys. */
const TYPED: readonly { segment: string; type: NumberType }[] = [
  { segment: 'Local', type: 'local' },
  { segment: 'TollFree', type: 'toll-free' },
  { segment: 'Mobile', type: 'mobile' },
];

type ConfigForm = Readonly<Record<string, string | undefined>>;

/** Twilio's Origin: 'twilio' is a number bought through masq, 'hosted' one brought in (imported, or added by E.164). */
const originsOf = (origin: string): readonly NumberOrigin[] => {
  if (origin === 'twilio') return ['purchased', 'ported-in'];
  if (origin === 'hosted') return ['imported', 'added'];
  throw invalidParameter('Origin', "Expected 'twilio' or 'hosted'.");
};

export const incomingPhoneNumberRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['IncomingPhoneNumbers'];
  const base = '/2010-04-01/Accounts/:AccountSid/IncomingPhoneNumbers';

  const list = async (request: FastifyRequest, params: { AccountSid: string }, query: typeof ListQuery.static, type: NumberType | null) => {
    const accountSid = await urlAccount(request, ctx, params.AccountSid);
    const parsed = parsePageQuery2010(query);
    const filters = { PhoneNumber: query.PhoneNumber, FriendlyName: query.FriendlyName, Origin: query.Origin };
    const page = await listIncomingNumbers(ctx.deps, accountSid, {
      ...(query.PhoneNumber !== undefined && { phoneNumber: query.PhoneNumber }),
      ...(query.FriendlyName !== undefined && { friendlyName: query.FriendlyName }),
      ...(query.Origin !== undefined && { origins: originsOf(query.Origin) }),
      ...(type !== null && { type }),
    }, parsed.request);
    return { ...pageEnvelope2010(mountPathOf(request, ctx), parsed, page, filters), incoming_phone_numbers: page.items.map(serializeIncomingPhoneNumber) };
  };

  const buy = async (request: FastifyRequest, params: { AccountSid: string }, body: typeof CreateBody.static, type: NumberType | null) => {
    const accountSid = await urlAccount(request, ctx, params.AccountSid);
    const form: ConfigForm = body;
    const config = parseNumberConfig(form);
    await assertFlowAttachable(ctx.deps, accountSid, config);
    const number = await buyNumber(ctx.deps, accountSid, {
      phoneNumber: body.PhoneNumber ?? null, areaCode: body.AreaCode ?? null, type, carrier: body.MasqCarrier ?? null,
      friendlyName: body.FriendlyName ?? null, config,
    });
    return serializeIncomingPhoneNumber(number);
  };

  app.get(`${base}.json`, {
    schema: { tags, summary: "List the account's numbers", params: AccountParams, querystring: ListQuery, response: { 200: NumberList, ...ERRORS } },
  }, (request) => list(request, request.params, request.query, null));

  app.post(`${base}.json`, {
    schema: { tags, summary: 'Buy a number (PhoneNumber or AreaCode)', consumes: FORM, params: AccountParams, body: CreateBody, response: { 201: IncomingPhoneNumberJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => reply.code(201).send(await buy(request, request.params, request.body ?? {}, null)));

  for (const { segment, type } of TYPED) {
    app.get(`${base}/${segment}.json`, {
      schema: { tags, summary: `List the account's ${type} numbers`, params: AccountParams, querystring: ListQuery, response: { 200: NumberList, ...ERRORS } },
    }, (request) => list(request, request.params, request.query, type));

    app.post(`${base}/${segment}.json`, {
      schema: { tags, summary: `Buy a ${type} number`, consumes: FORM, params: AccountParams, body: CreateBody, response: { 201: IncomingPhoneNumberJson, ...ERRORS } },
      config: { idempotent: true },
    }, async (request, reply) => reply.code(201).send(await buy(request, request.params, request.body ?? {}, type)));
  }

  app.get(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Fetch a number', params: NumberParams, response: { 200: IncomingPhoneNumberJson, ...ERRORS } },
  }, async (request) => {
    const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
    return serializeIncomingPhoneNumber(await fetchIncomingNumber(ctx.deps, accountSid, request.params.Sid));
  });

  app.post(`${base}/:Sid.json`, {
    schema: { tags, summary: "Update a number's settings, or move it to a related account", consumes: FORM, params: NumberParams, body: UpdateBody, response: { 200: IncomingPhoneNumberJson, ...ERRORS } },
  }, async (request) => {
    const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
    const body = request.body ?? {};
    const form: ConfigForm = body;
    const updated = await updateIncomingNumber(ctx.deps, accountSid, request.params.Sid, {
      config: parseNumberConfig(form),
      ...(body.FriendlyName !== undefined && { friendlyName: body.FriendlyName }),
      ...(body.AccountSid !== undefined && { accountSid: body.AccountSid }),
    }, accountOf(request).sid);
    return serializeIncomingPhoneNumber(updated);
  });

  app.delete(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Release a number (into quarantine)', params: NumberParams, querystring: DeleteQuery, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
    const closeSessions = request.query.MasqCloseSessions === 'true';
    await releaseNumber(ctx.deps, accountSid, request.params.Sid, { closeSessions, reason: 'released by the account' });
    return reply.code(204).send(null);
  });
};
