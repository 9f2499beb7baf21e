// masq extension: "which number would this identifier get, and why?" The allocator's decision and a
// verdict for every number in the pool, without creating anything.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { explainAllocation } from '../../../app/explain-allocation.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import type { AllocationExplanation } from '../../../domain/allocator/types.ts';
import { twilioCodeOf } from '../../../domain/errors.ts';
import { SESSION_MODES } from '../../../domain/session.ts';
import { accountOf } from '../../plugins/auth.ts';
import { Nullable, StringEnum } from '../../serializers/common.ts';
import { ERRORS, type RouteContext } from '../common.ts';

const ExplainQuery = Type.Object({
  Identifier: Type.String({ description: 'The would-be participant, E.164' }),
  SessionSid: Type.Optional(Type.String({ description: 'Explain as a second participant of this session' })),
  Mode: Type.Optional(StringEnum(SESSION_MODES)),
});

const ExplanationJson = Type.Object({
  decision: Type.Object({
    kind: StringEnum(['chosen', 'refused'] as const),
    sid: Nullable(Type.String()),
    phone_number: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    code: Nullable(Type.Integer({ description: 'Twilio error code of a refusal' })),
    explanation: Type.String(),
  }),
  candidates: Type.Array(Type.Object({
    sid: Type.String(),
    phone_number: Type.String(),
    verdict: StringEnum(['chosen', 'eligible', 'dropped'] as const),
    reason: Type.String(),
    explanation: Type.String(),
    rank: Nullable(Type.Integer()),
  })),
}, { title: 'AllocationExplanation' });

const serializeExplanation = (e: AllocationExplanation): Static<typeof ExplanationJson> => ({
  decision: e.decision.kind === 'chosen'
    ? { kind: 'chosen', sid: e.decision.number.sid, phone_number: e.decision.number.phoneNumber, reason: e.decision.reason, code: null, explanation: e.decision.explanation }
    : { kind: 'refused', sid: null, phone_number: null, reason: null, code: twilioCodeOf(e.decision.code), explanation: e.decision.explanation },
  candidates: e.candidates.map((c) => ({
    sid: c.sid, phone_number: c.phoneNumber, verdict: c.verdict, reason: c.reason, explanation: c.explanation, rank: c.rank,
  })),
});

export const explainRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.get('/masq/v1/Services/:ServiceSid/Explain', {
    schema: {
      tags: ['masq extensions'],
      summary: 'Explain which pool number an identifier would get, and why every other one would not',
      params: Type.Object({ ServiceSid: Type.String() }),
      querystring: ExplainQuery,
      response: { 200: ExplanationJson, ...ERRORS },
    },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const q = request.query;
    return serializeExplanation(await explainAllocation(ctx.deps, service, { identifier: q.Identifier, sessionSid: q.SessionSid ?? null, mode: q.Mode }));
  });
};
