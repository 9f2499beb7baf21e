// The sandbox carrier's virtual phones, seen from outside: what a phone received. masq-native (not a
// Twilio resource), authenticated like the API since message bodies are what masking protects.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { SandboxPhones } from '../../ports/sandbox.ts';
import { isoDate } from '../serializers/common.ts';
import { ERRORS } from './common.ts';

const MessageJson = Type.Object({
  sid: Type.String(),
  from: Type.String(),
  to: Type.String(),
  body: Type.String(),
  media_urls: Type.Array(Type.String()),
  direction: Type.String({ description: "'received' by this phone" }),
  date_created: Type.Union([Type.String(), Type.Null()]),
});

export const sandboxRoutes: FastifyPluginAsyncTypebox<{ readonly sandbox: SandboxPhones }> = async (app, { sandbox }) => {
  app.get('/sandbox/phones/:number/messages', {
    schema: {
      tags: ['Sandbox'],
      summary: "A virtual phone's messages, oldest first",
      params: Type.Object({ number: Type.String({ description: 'E.164 (URL-encode the +) or a channel address' }) }),
      response: { 200: Type.Object({ phone: Type.String(), messages: Type.Array(MessageJson) }), ...ERRORS },
    },
  }, async (request) => ({
    phone: request.params.number,
    messages: sandbox.messagesOf(request.params.number).map((m) => ({
      sid: m.sid, from: m.from, to: m.to, body: m.body, media_urls: [...m.mediaUrls], direction: m.direction, date_created: isoDate(m.dateCreated),
    })),
  }));
};
