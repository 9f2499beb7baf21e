// /2010-04-01/Accounts: Twilio's Account resource (client.api.v2010.accounts), i.e. subaccounts. A caller
// sees its own account and the subaccounts it owns; it creates subaccounts (a top-level account only),
// renames, suspends, reactivates and closes them (domain/account.ts accountChangeRefusal has the rules).
// Like Twilio's standard API keys, masq's keys cannot use this resource: it hands out auth tokens.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createSubaccount } from '../../../app/create-subaccount.ts';
import { fetchAccount } from '../../../app/fetch-account.ts';
import { listAccounts } from '../../../app/list-accounts.ts';
import { updateAccount } from '../../../app/update-account.ts';
import type { Account } from '../../../domain/account.ts';
import { AppError } from '../../../domain/errors.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageEnvelope2010, pageEnvelope2010, parsePageQuery2010 } from '../../paging-2010.ts';
import { PageQuery } from '../../paging.ts';
import { AccountJson, AccountStatusJson, serializeAccount } from '../../serializers/account.ts';
import { ErrorJson } from '../../serializers/common.ts';
import { ERRORS, mountPathOf, type RouteContext } from '../common.ts';

const FriendlyName = Type.String({ maxLength: 64, description: 'Up to 64 characters' });
const AccountParams = Type.Object({ Sid: Type.String({ description: 'AC...' }) });
const CreateBody = Type.Object({ FriendlyName: Type.Optional(FriendlyName) });
const UpdateBody = Type.Object({
  FriendlyName: Type.Optional(FriendlyName),
  Status: Type.Optional({ ...AccountStatusJson, description: 'active, suspended or closed (closing is final)' }),
});
const ListQuery = Type.Object({
  ...PageQuery.properties,
  FriendlyName: Type.Optional(Type.String({ description: 'Exact match' })),
  Status: Type.Optional(AccountStatusJson),
});
const AccountList = Type.Object({ ...PageEnvelope2010, accounts: Type.Array(AccountJson) });
/** Also 403: a suspended account's credentials (20005). */
const RESPONSES = { ...ERRORS, 403: ErrorJson };

/** The caller's account, when it used its auth token: an API key never sees auth tokens. */
const callerWithToken = (request: FastifyRequest): Account => {
  const account = accountOf(request);
  if (request.apiKeySid !== null) throw new AppError('authentication-failed', 'Authenticate', 'API keys cannot use the Accounts resource: use the Account SID and auth token.');
  return account;
};

export const accountRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Accounts'];
  const base = '/2010-04-01/Accounts';

  // Not idempotent on I-Twilio-Idempotency-Token: a replay would have to store the auth token in clear.
  app.post(`${base}.json`, {
    schema: { tags, summary: 'Create a subaccount (with its own auth token)', consumes: FORM, body: CreateBody, response: { 201: AccountJson, ...RESPONSES } },
  }, async (request, reply) => {
    const account = await createSubaccount(ctx.deps, callerWithToken(request), request.body?.FriendlyName);
    return reply.code(201).send(serializeAccount(account));
  });

  app.get(`${base}.json`, {
    schema: { tags, summary: 'List the caller\'s account and its subaccounts', querystring: ListQuery, response: { 200: AccountList, ...RESPONSES } },
  }, async (request) => {
    const filter = { friendlyName: request.query.FriendlyName, status: request.query.Status };
    const parsed = parsePageQuery2010(request.query);
    const page = await listAccounts(ctx.deps, callerWithToken(request), filter, parsed.request);
    const filters = { FriendlyName: filter.friendlyName, Status: filter.status };
    return { ...pageEnvelope2010(mountPathOf(request, ctx), parsed, page, filters), accounts: page.items.map(serializeAccount) };
  });

  app.get(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Fetch the caller\'s account or a subaccount it owns', params: AccountParams, response: { 200: AccountJson, ...RESPONSES } },
  }, async (request) => serializeAccount(await fetchAccount(ctx.deps, callerWithToken(request), request.params.Sid)));

  app.post(`${base}/:Sid.json`, {
    schema: {
      tags, summary: 'Rename an account; suspend, reactivate or close a subaccount', consumes: FORM, params: AccountParams, body: UpdateBody,
      response: { 200: AccountJson, ...RESPONSES },
    },
  }, async (request) => {
    const change = { friendlyName: request.body?.FriendlyName, status: request.body?.Status };
    return serializeAccount(await updateAccount(ctx.deps, callerWithToken(request), request.params.Sid, change));
  });
};
