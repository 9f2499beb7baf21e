// The sandbox carrier's virtual phones, seen from outside: text and call proxy numbers, answer and hang
// up, read what a phone sent and received. masq-native (not a Twilio resource), authenticated like the
// API since message bodies are what masking protects, and scoped to the authenticated account: each
// account sees only its own network. Registered only when the sandbox is on (MASQ_SANDBOX). See docs/sandbox.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sandboxAnswerCall, sandboxFetchCall, sandboxHangUp, sandboxPlaceCall, sandboxSendMessage } from '../../app/sandbox-phones.ts';
import type { ExecutedPlan } from '../../app/execute-plan.ts';
import { planSummary } from '../../domain/call-plan.ts';
import { twilioCodeOf } from '../../domain/errors.ts';
import type { SandboxCall, SandboxMessage, SandboxPhones } from '../../ports/sandbox.ts';
import { accountOf } from '../plugins/auth.ts';
import { FORM } from '../plugins/openapi.ts';
import { isoDate } from '../serializers/common.ts';
import { ERRORS, type RouteContext } from './common.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const MessageJson = Type.Object({
  sid: Type.String(), from: Type.String(), to: Type.String(), body: Type.String(), media_urls: Type.Array(Type.String()),
  direction: Type.String({ description: "'sent' or 'received' by this phone" }), date_created: Nullable(Type.String()),
});
const CallJson = Type.Object({
  sid: Type.String(), from: Type.String(), to: Type.String(),
  status: Type.String({ description: 'ringing, in-progress, completed, busy, no-answer, canceled, failed' }),
  bridged_with: Nullable(Type.String()), date_answered: Nullable(Type.String()), date_ended: Nullable(Type.String()),
  duration: Type.Union([Type.Integer(), Type.Null()]), heard: Nullable(Type.String()), date_created: Nullable(Type.String()),
});
const RoutingJson = Type.Object({
  outcome: Type.String({ description: 'forward, reply, markup or nothing' }),
  error_code: Type.Union([Type.Integer(), Type.Null()]),
  reason: Nullable(Type.String()),
  interaction_sid: Nullable(Type.String()),
});
const PhoneParams = Type.Object({ number: Type.String({ description: 'E.164 (URL-encode the +) or a channel address' }) });
const CallParams = Type.Object({ sid: Type.String() });

const messageJson = (m: SandboxMessage) => ({
  sid: m.sid, from: m.from, to: m.to, body: m.body, media_urls: [...m.mediaUrls], direction: m.direction, date_created: isoDate(m.dateCreated),
});
const callJson = (c: SandboxCall) => ({
  sid: c.sid, from: c.from, to: c.to, status: c.status, bridged_with: c.bridgedWith, date_answered: isoDate(c.answeredAt),
  date_ended: isoDate(c.endedAt), duration: c.durationSeconds, heard: c.heard, date_created: isoDate(c.dateCreated),
});
const routingJson = ({ plan }: ExecutedPlan) => {
  const outcome = planSummary(plan);
  return {
    outcome,
    error_code: plan.refusal ? twilioCodeOf(plan.refusal.code) : null,
    reason: plan.refusal?.reason ?? null,
    interaction_sid: outcome === 'forward' ? plan.interactionSid : null,
  };
};

export const sandboxRoutes: FastifyPluginAsyncTypebox<RouteContext & { readonly sandbox: SandboxPhones }> = async (app, { deps, sandbox }) => {
  const tags = ['Sandbox'];
  app.get('/sandbox/phones/:number/messages', {
    schema: { tags, summary: "A virtual phone's messages, oldest first", params: PhoneParams, response: { 200: Type.Object({ phone: Type.String(), messages: Type.Array(MessageJson) }), ...ERRORS } },
  }, async (request) => ({ phone: request.params.number, messages: sandbox.messagesOf(accountOf(request).sid, request.params.number).map(messageJson) }));

  app.post('/sandbox/phones/:number/messages', {
    schema: {
      tags, summary: 'The virtual phone texts a number (a proxy number, usually)', consumes: FORM, params: PhoneParams,
      body: Type.Object({ To: Type.String(), Body: Type.String({ maxLength: 1600 }), MediaUrl: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description: 'Repeat the key for several: at most 10 (21623), each an http(s) URL of at most 2,048 characters (21620)' })) }),
      response: { 201: Type.Object({ message: MessageJson, routing: RoutingJson }), ...ERRORS },
    },
  }, async (request, reply) => {
    const media = request.body.MediaUrl;
    const { message, outcome } = await sandboxSendMessage(deps, sandbox, accountOf(request).sid, {
      from: request.params.number, to: request.body.To, body: request.body.Body, mediaUrls: media === undefined ? [] : [media].flat(),
    });
    return reply.code(201).send({ message: messageJson(message), routing: routingJson(outcome) });
  });

  app.get('/sandbox/phones/:number/calls', {
    schema: { tags, summary: "A virtual phone's calls, oldest first", params: PhoneParams, response: { 200: Type.Object({ phone: Type.String(), calls: Type.Array(CallJson) }), ...ERRORS } },
  }, async (request) => ({ phone: request.params.number, calls: sandbox.callsOf(accountOf(request).sid, request.params.number).map(callJson) }));

  app.post('/sandbox/phones/:number/calls', {
    schema: {
      tags, summary: 'The virtual phone calls a number (a proxy number, usually)', consumes: FORM, params: PhoneParams,
      body: Type.Object({
        To: Type.String(),
        Attestation: Type.Optional(Type.String({ description: "The call's STIR/SHAKEN as its carrier would report it: A, B, C, or a verstat such as TN-Validation-Failed-B" })),
      }),
      response: { 201: Type.Object({ call: CallJson, routing: RoutingJson }), ...ERRORS },
    },
  }, async (request, reply) => {
    const { call, outcome } = await sandboxPlaceCall(deps, sandbox, accountOf(request).sid, { from: request.params.number, to: request.body.To, attestation: request.body.Attestation });
    return reply.code(201).send({ call: callJson(call), routing: routingJson(outcome) });
  });

  app.get('/sandbox/calls/:sid', {
    schema: { tags, summary: 'One call leg', params: CallParams, response: { 200: CallJson, ...ERRORS } },
  }, async (request) => callJson(sandboxFetchCall(sandbox, accountOf(request).sid, request.params.sid)));

  app.post('/sandbox/calls/:sid/answer', {
    schema: { tags, summary: 'The ringing virtual phone picks up', params: CallParams, response: { 200: CallJson, ...ERRORS } },
  }, async (request) => callJson(await sandboxAnswerCall(deps, sandbox, accountOf(request).sid, request.params.sid)));

  app.post('/sandbox/calls/:sid/hangup', {
    schema: { tags, summary: 'Either side hangs up; an answered call gets its duration', params: CallParams, response: { 200: CallJson, ...ERRORS } },
  }, async (request) => callJson(await sandboxHangUp(deps, sandbox, accountOf(request).sid, request.params.sid)));
};
