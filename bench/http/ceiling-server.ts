// The ceiling: the least an HTTP server on this machine can do for a Twilio SMS webhook. The same
// Fastify and @fastify/formbody as masq, one POST route that parses the same form body and answers a
// short TwiML string, no logging, no database. Run as its own process, like `masq serve`:
//   node --import tsx bench/http/ceiling-server.ts <port>
// and prints "listening <url>" when ready.
import formbody from '@fastify/formbody';
import Fastify from 'fastify';

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const port = Number(process.argv[2] ?? '0');
const app = Fastify({ logger: false });
await app.register(formbody);
app.post('/webhooks/twilio/sms', async (request, reply) => {
  // Touch what masq reads (the form is parsed by formbody either way), so nothing is optimised away.
  const body = request.body;
  const from = typeof body === 'object' && body !== null && 'From' in body ? body.From : undefined;
  if (typeof from !== 'string') return reply.code(400).send('From is required');
  return reply.type('text/xml').send(TWIML);
});
await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
