// The floor: the ceiling's bare Fastify endpoint plus, one rung at a time, the work a routed SMS cannot
// skip, done with masq's own components and nothing else (no use cases, no hooks, no metrics, no logging):
//   signature  X-Twilio-Signature checked (masq's verifier: HMAC-SHA1 over the URL and sorted parameters)
//   read       the webhook parsed into an event (numbers normalised) and the route read: the sender's
//              session, service and partner with its number's carrier (masq's store, the same statement)
//   write      the interaction and the session's activity written durably (masq's store: group commit)
//   answer     TwiML forwarding the message to the partner (masq's renderer, escaped)
// Rungs are cumulative, so the difference between two rungs is what one piece of essential work costs, and
// the difference between the top rung and `masq serve` is what masq's own layers cost on top of it.
//   node --import tsx bench/http/floor-server.ts <port> <rung> <database-url> <twilio-auth-token> <public-url>
// prints "listening <url>" when ready. SQLite only (the question it answers is the SQLite target).
import Fastify from 'fastify';
import { createTwilioWebhookAdapter } from '../../src/carriers/twilio/webhooks.ts';
import type { CallPlan } from '../../src/domain/call-plan.ts';
import type { Interaction } from '../../src/domain/interaction.ts';
import { cryptoIds } from '../../src/runtime.ts';
import { openBenchHandle } from '../../src/storage/bench-handle.ts';
import { RUNGS, type Rung } from './floor-server-rungs.ts';


const [portArg, rungArg, databaseUrl, authToken, publicUrl] = process.argv.slice(2);
const rung = RUNGS.find((r) => r === rungArg);
if (!rung || !databaseUrl || !authToken || !publicUrl) throw new Error('usage: floor-server.ts <port> <signature|read|write|answer> <database-url> <auth-token> <public-url>');
const upTo = (r: Rung): boolean => RUNGS.indexOf(r) <= RUNGS.indexOf(rung);

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const twilio = createTwilioWebhookAdapter({ account: 'twilio', signingKey: authToken, signatureHeader: 'x-twilio-signature', signatureName: 'X-Twilio-Signature' });
// masq's own pooled ids: the floor must not pay for work masq does not do.
const ids = cryptoIds();
// Background checkpoints, as `masq serve` opens its database.
const handle = upTo('read') ? await openBenchHandle(databaseUrl, { backgroundCheckpoints: true }) : null;

const app = Fastify({ logger: false });
// Raw bytes, as masq's webhook plugin keeps them: the adapter verifies and parses them itself.
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/webhooks/twilio/sms', async (request, reply) => {
  const signature = request.headers['x-twilio-signature'];
  const raw = {
    path: 'sms', url: `${publicUrl}${request.url}`, headers: { 'x-twilio-signature': typeof signature === 'string' ? signature : undefined },
    contentType: 'application/x-www-form-urlencoded', rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), query: {},
  };
  if (twilio.verify(raw, new Date()) !== null) return reply.code(403).send('bad signature');
  if (!handle) return reply.type('text/xml').send(EMPTY);
  const parsed = twilio.parse(raw);
  if (parsed.kind !== 'inbound') return reply.code(400).send('not an inbound message');
  const { event } = parsed;
  const route = await handle.store.findInboundRoute(event.to, event.from);
  if (!route?.partner) return reply.code(404).send('no route');
  if (!upTo('write')) return reply.type('text/xml').send(EMPTY);
  const now = new Date();
  const interaction: Interaction = {
    sid: ids.sid('interaction'), sessionSid: route.session.sid, serviceSid: route.session.serviceSid, accountSid: route.session.accountSid,
    type: 'message', data: JSON.stringify({ body: event.channel === 'message' ? event.body : '' }),
    inbound: { participantSid: route.sender.sid, resourceSid: event.resourceSid, resourceType: 'Message', resourceStatus: 'delivered', resourceUrl: null },
    outbound: { participantSid: route.partner.sid, resourceSid: null, resourceType: 'Message', resourceStatus: 'queued', resourceUrl: null },
    participantSid: null, dateCreated: now, dateUpdated: now,
  };
  await handle.store.recordInboundInteraction({ interaction, activity: { at: now, expiresAt: null }, jobs: [] });
  if (!upTo('answer')) return reply.type('text/xml').send(EMPTY);
  const plan: CallPlan = {
    channel: 'message', interactionSid: interaction.sid, refusal: null,
    verbs: [{ verb: 'message', carrier: 'twilio', from: route.partner.proxyIdentifier, to: route.partner.identifier, body: event.body, mediaUrls: [], reply: false }],
  };
  const answer = twilio.answer(plan, plan.verbs, { webhookBase: `${publicUrl}/webhooks/twilio` });
  return reply.type(answer.contentType ?? 'text/xml').send(answer.body);
});
await app.listen({ port: Number(portArg ?? '0'), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : portArg}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => handle?.close()).then(() => process.exit(0), () => process.exit(1));
  });
}
