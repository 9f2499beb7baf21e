// /2010-04-01/Accounts/{AccountSid}/Keys: Twilio's API key resource (client.api.v2010.accounts(AC).keys
// and .newKeys). Managed with the account's own credentials only (requireAccountCredentials); the key
// then authenticates any other route as its account. The {AccountSid} must be the caller's or an active
// subaccount it owns (urlAccount): another account's reads as 404, like every resource masq does not show the caller.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createApiKey } from '../../../app/create-api-key.ts';
import { deleteApiKey } from '../../../app/delete-api-key.ts';
import { fetchApiKey } from '../../../app/fetch-api-key.ts';
import { listApiKeys } from '../../../app/list-api-keys.ts';
import { updateApiKey } from '../../../app/update-api-key.ts';
import { requireAccountCredentials } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageEnvelope2010, pageEnvelope2010, parsePageQuery2010 } from '../../paging-2010.ts';
import { PageQuery } from '../../paging.ts';
import { ApiKeyJson, NewApiKeyJson, serializeApiKey, serializeNewApiKey } from '../../serializers/api-key.ts';
import { ERRORS, mountPathOf, type RouteContext } from '../common.ts';
import { urlAccount } from './url-account.ts';

const FriendlyName = Type.String({ maxLength: 64, description: 'Up to 64 characters' });
const AccountParams = Type.Object({ AccountSid: Type.String() });
const KeyParams = Type.Object({ AccountSid: Type.String(), Sid: Type.String({ description: 'SK...' }) });
const KeyBody = Type.Object({ FriendlyName: Type.Optional(FriendlyName) });
const KeyList = Type.Object({ ...PageEnvelope2010, keys: Type.Array(ApiKeyJson) });

export const apiKeyRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  /** The account the URL names, when the caller used its auth token and may act for that account. */
  const ownAccount = (request: FastifyRequest, accountSid: string): Promise<string> => {
    requireAccountCredentials(request);
    return urlAccount(request, ctx, accountSid);
  };

  const tags = ['Keys'];
  const base = '/2010-04-01/Accounts/:AccountSid/Keys';

  // Not idempotent on I-Twilio-Idempotency-Token: a replay would have to store the secret in clear.
  app.post(`${base}.json`, {
    schema: { tags, summary: 'Create an API key (the secret is in this response only)', consumes: FORM, params: AccountParams, body: KeyBody, response: { 201: NewApiKeyJson, ...ERRORS } },
  }, async (request, reply) => {
    const accountSid = await ownAccount(request, request.params.AccountSid);
    const { key, secret } = await createApiKey(ctx.deps, accountSid, request.body?.FriendlyName ?? null);
    return reply.code(201).send(serializeNewApiKey(key, secret));
  });

  app.get(`${base}.json`, {
    schema: { tags, summary: 'List API keys', params: AccountParams, querystring: PageQuery, response: { 200: KeyList, ...ERRORS } },
  }, async (request) => {
    const accountSid = await ownAccount(request, request.params.AccountSid);
    const parsed = parsePageQuery2010(request.query);
    const page = await listApiKeys(ctx.deps, accountSid, parsed.request);
    return { ...pageEnvelope2010(mountPathOf(request, ctx), parsed, page), keys: page.items.map(serializeApiKey) };
  });

  app.get(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Fetch an API key', params: KeyParams, response: { 200: ApiKeyJson, ...ERRORS } },
  }, async (request) => serializeApiKey(await fetchApiKey(ctx.deps, await ownAccount(request, request.params.AccountSid), request.params.Sid)));

  app.post(`${base}/:Sid.json`, {
    schema: { tags, summary: "Update an API key's FriendlyName", consumes: FORM, params: KeyParams, body: KeyBody, response: { 200: ApiKeyJson, ...ERRORS } },
  }, async (request) => {
    const accountSid = await ownAccount(request, request.params.AccountSid);
    return serializeApiKey(await updateApiKey(ctx.deps, accountSid, request.params.Sid, request.body?.FriendlyName));
  });

  app.delete(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Delete an API key (it stops working at once)', params: KeyParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteApiKey(ctx.deps, await ownAccount(request, request.params.AccountSid), request.params.Sid);
    return reply.code(204).send(null);
  });
};
