// masq extension: the callbacks masq owes (its callback jobs), read-only. Newest first; each with its
// delivery state and a link to its attempts (HTTP status or the reason there was none, and how long each took).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { listWebhookAttempts, listWebhooks, type Webhook } from '../../../app/list-webhooks.ts';
import type { JobAttempt } from '../../../ports/store.ts';
import { accountOf } from '../../plugins/auth.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../paging.ts';
import { DateTime, isoDate, Nullable, StringEnum } from '../../serializers/common.ts';
import { ERRORS, type RouteContext } from '../common.ts';

const WebhookJson = Type.Object({
  id: Type.String(),
  account_sid: Type.String(),
  url: Type.String({ description: 'Where the callback is posted' }),
  params: Type.Record(Type.String(), Type.String(), { description: 'The form parameters, as signed and sent' }),
  status: StringEnum(['pending', 'delivered', 'given-up'] as const),
  attempts: Type.Integer({ description: 'Attempts made so far' }),
  next_attempt_at: Nullable(DateTime),
  delivered_at: Nullable(DateTime),
  given_up_at: Nullable(DateTime),
  last_error: Nullable(Type.String()),
  date_created: DateTime,
  links: Type.Object({ attempts: Type.String() }),
}, { title: 'Webhook' });

const AttemptJson = Type.Object({
  attempted_at: DateTime,
  http_status: Nullable(Type.Integer({ description: 'null when there was no HTTP answer' })),
  error: Nullable(Type.String({ description: 'non-2xx status, timeout, network error, refused destination' })),
  duration_ms: Type.Integer(),
}, { title: 'WebhookAttempt' });

const statusOf = (e: Webhook): Static<typeof WebhookJson>['status'] =>
  e.deliveredAt ? 'delivered' : e.givenUpAt ? 'given-up' : 'pending';

const serializeWebhook = (e: Webhook, base: string): Static<typeof WebhookJson> => ({
  id: e.id,
  account_sid: e.accountSid,
  url: e.url,
  params: { ...e.params },
  status: statusOf(e),
  attempts: e.attempts,
  // Once delivered or given up, the stored next-attempt time is meaningless.
  next_attempt_at: statusOf(e) === 'pending' ? isoDate(e.nextAttemptAt) : null,
  delivered_at: isoDate(e.deliveredAt),
  given_up_at: isoDate(e.givenUpAt),
  last_error: e.lastError,
  date_created: isoDate(e.dateCreated) ?? '',
  links: { attempts: `${base}/masq/v1/Webhooks/${e.id}/Attempts` },
});

const serializeAttempt = (a: JobAttempt): Static<typeof AttemptJson> => ({
  attempted_at: isoDate(a.attemptedAt) ?? '',
  http_status: a.httpStatus,
  error: a.error,
  duration_ms: a.durationMs,
});

export const masqWebhookRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq extensions'];
  const base = (request: FastifyRequest) => ctx.base(request);

  app.get('/masq/v1/Webhooks', {
    schema: {
      tags,
      summary: "The account's callbacks (CallbackUrl deliveries), newest first",
      querystring: Type.Object({ PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `default ${DEFAULT_PAGE_SIZE}` })) }),
      response: { 200: Type.Object({ webhooks: Type.Array(WebhookJson) }), ...ERRORS },
    },
  }, async (request) => {
    const entries = await listWebhooks(ctx.deps, accountOf(request).sid, request.query.PageSize ?? DEFAULT_PAGE_SIZE);
    return { webhooks: entries.map((e) => serializeWebhook(e, base(request))) };
  });

  app.get('/masq/v1/Webhooks/:Id/Attempts', {
    schema: {
      tags,
      summary: 'Every delivery attempt of one callback, oldest first',
      params: Type.Object({ Id: Type.String() }),
      response: { 200: Type.Object({ webhook: WebhookJson, attempts: Type.Array(AttemptJson) }), ...ERRORS },
    },
  }, async (request) => {
    const { webhook, attempts } = await listWebhookAttempts(ctx.deps, accountOf(request).sid, request.params.Id);
    return { webhook: serializeWebhook(webhook, base(request)), attempts: attempts.map(serializeAttempt) };
  });
};
