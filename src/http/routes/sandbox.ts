// The sandbox carrier's virtual phones, seen from outside: text and call proxy numbers, answer and hang
// up, read what a phone sent and received; on a programmable number's call, press digits, stay silent,
// leave a voicemail, be busy or not answer a Dial, and set what a phone does unattended. masq-native (not a Twilio resource), authenticated like the
// API since message bodies are what masking protects, and scoped to the authenticated account: each
// account sees only its own network. Registered only when the sandbox is on (MASQ_SANDBOX). See docs/sandbox.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  sandboxAnswerCall, sandboxBehaviourOf, sandboxDeclineCall, sandboxFetchCall, sandboxHangUp, sandboxKeepSilent, sandboxLeaveVoicemail,
  sandboxPlaceCall, sandboxPressDigits, sandboxSendMessage, sandboxSetBehaviour,
} from '../../app/sandbox-phones.ts';
import type { SandboxCall, SandboxPhones } from '../../ports/sandbox.ts';
import { accountOf } from '../plugins/auth.ts';
import { FORM } from '../plugins/openapi.ts';
import { BehaviourJson, behaviourJson, CallJson, callJson, MessageJson, messageJson, RoutingJson, routingJson } from '../serializers/sandbox.ts';
import { ERRORS, type RouteContext } from './common.ts';

const PhoneParams = Type.Object({ number: Type.String({ description: 'E.164 (URL-encode the +) or a channel address' }) });
const CallParams = Type.Object({ sid: Type.String() });
const Keys = (description: string) => Type.String({ description, maxLength: 64 });
const BehaviourBody = Type.Object({
  OnCall: Type.Optional(Type.Union([Type.Literal('ring'), Type.Literal('answer'), Type.Literal('busy'), Type.Literal('no-answer')], { description: "When a programmable number's <Dial> calls it (default ring: wait for the API)" })),
  Digits: Type.Optional(Type.Union([Keys('Keys'), Type.Array(Keys('Keys'), { maxItems: 20 })], { description: "What it presses at its calls' next <Gather>s, one value each, in order; an empty value stays silent" })),
  Voicemail: Type.Optional(Type.String({ maxLength: 1600, description: 'What it says whenever a <Record> asks it for a message' })),
});

export const sandboxRoutes: FastifyPluginAsyncTypebox<RouteContext & { readonly sandbox: SandboxPhones }> = async (app, { deps, sandbox }) => {
  const tags = ['Sandbox'];
  /** A leg with its programmable call's state, as this account's network holds it. */
  const legJson = (accountSid: string) => (c: SandboxCall) => callJson(c, sandbox.programOf(accountSid, c.sid));
  const CallReply = { 200: CallJson, ...ERRORS };

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
  }, async (request) => {
    const accountSid = accountOf(request).sid;
    return { phone: request.params.number, calls: sandbox.callsOf(accountSid, request.params.number).map(legJson(accountSid)) };
  });

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
    const accountSid = accountOf(request).sid;
    const { call, outcome } = await sandboxPlaceCall(deps, sandbox, accountSid, { from: request.params.number, to: request.body.To, attestation: request.body.Attestation });
    return reply.code(201).send({ call: legJson(accountSid)(call), routing: routingJson(outcome) });
  });

  app.get('/sandbox/phones/:number', {
    schema: { tags, summary: "A virtual phone's standing behaviour", params: PhoneParams, response: { 200: BehaviourJson, ...ERRORS } },
  }, async (request) => {
    const { phone, behaviour } = sandboxBehaviourOf(sandbox, accountOf(request).sid, request.params.number);
    return behaviourJson(phone, behaviour);
  });

  app.post('/sandbox/phones/:number', {
    schema: {
      tags, summary: 'Sets what the virtual phone does unattended (replacing what was set)', consumes: FORM, params: PhoneParams, body: BehaviourBody,
      response: { 200: BehaviourJson, ...ERRORS },
    },
  }, async (request) => {
    const { OnCall, Digits, Voicemail } = request.body;
    const { phone, behaviour } = sandboxSetBehaviour(sandbox, accountOf(request).sid, request.params.number, {
      onCall: OnCall ?? 'ring', digits: Digits === undefined ? [] : [Digits].flat(), voicemail: Voicemail ?? null,
    });
    return behaviourJson(phone, behaviour);
  });

  app.get('/sandbox/calls/:sid', {
    schema: { tags, summary: 'One call leg', params: CallParams, response: CallReply },
  }, async (request) => {
    const accountSid = accountOf(request).sid;
    return legJson(accountSid)(sandboxFetchCall(sandbox, accountSid, request.params.sid));
  });

  /** A call event: the leg as it is once masq carried the call on. */
  const event = (path: string, summary: string, act: (accountSid: string, sid: string) => Promise<SandboxCall>) =>
    app.post(`/sandbox/calls/:sid/${path}`, { schema: { tags, summary, params: CallParams, response: CallReply } }, async (request) => {
      const accountSid = accountOf(request).sid;
      return legJson(accountSid)(await act(accountSid, request.params.sid));
    });

  event('answer', 'The ringing virtual phone picks up', (accountSid, sid) => sandboxAnswerCall(deps, sandbox, accountSid, sid));
  event('hangup', 'Either side hangs up; an answered call gets its duration', (accountSid, sid) => sandboxHangUp(deps, sandbox, accountSid, sid));
  event('busy', "The phone a programmable number's <Dial> rings is busy", (accountSid, sid) => sandboxDeclineCall(deps, sandbox, accountSid, sid, 'busy'));
  event('no-answer', "The phone a programmable number's <Dial> rings does not answer (its timeout elapses)", (accountSid, sid) => sandboxDeclineCall(deps, sandbox, accountSid, sid, 'no-answer'));
  event('silence', 'The caller stays silent: a <Gather> times out, a <Record> gets no message', (accountSid, sid) => sandboxKeepSilent(deps, sandbox, accountSid, sid));

  app.post('/sandbox/calls/:sid/digits', {
    schema: {
      tags, summary: 'The caller presses keys during a <Gather>', consumes: FORM, params: CallParams,
      body: Type.Object({ Digits: Type.String({ description: 'The keys, in order (0-9, *, #)', minLength: 1, maxLength: 64 }) }), response: CallReply,
    },
  }, async (request) => {
    const accountSid = accountOf(request).sid;
    return legJson(accountSid)(await sandboxPressDigits(deps, sandbox, accountSid, request.params.sid, request.body.Digits));
  });

  app.post('/sandbox/calls/:sid/voicemail', {
    schema: {
      tags, summary: 'The caller leaves a message during a <Record>', consumes: FORM, params: CallParams,
      body: Type.Object({
        Text: Type.String({ maxLength: 1600, description: 'What the caller says (masq stores it as a WAV recording with this transcript)' }),
        Seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: 'How long they speak (default: from the text, about 15 characters a second)' })),
        HangUp: Type.Optional(Type.Boolean({ description: 'They hang up when done (default false)' })),
      }),
      response: CallReply,
    },
  }, async (request) => {
    const accountSid = accountOf(request).sid;
    const { Text, Seconds, HangUp } = request.body;
    return legJson(accountSid)(await sandboxLeaveVoicemail(deps, sandbox, accountSid, request.params.sid, { text: Text, seconds: Seconds ?? null, hangUp: HangUp ?? false }));
  });
};
