// Twilio's webhook routes need no Basic auth, so they are what an attacker without credentials can reach.
// An unsigned request is refused from its headers alone, before its body is read or parsed; a signed-looking
// one with a hostile body gets the form caps' error, not minutes of parsing.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { MAX_FORM_PARAMS } from '../../src/http/plugins/form-body.ts';
import { TWILIO_WEBHOOK_BODY_LIMIT } from '../../src/carriers/twilio/webhooks.ts';
import { startTwilioApp, type Harness } from './twilio-harness.ts';

interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends the headers and only the first `sent` bytes of a body announced as `declared` bytes, and
 * resolves with the answer: one that arrives proves the server answered without the rest of the body.
 */
const partialPost = (base: string, path: string, headers: Record<string, string>, declared: number, sent: number): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: 'POST', headers: { ...headers, 'content-length': String(declared) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write('a='.padEnd(sent, 'x'));
  });

describe('hostile webhooks', () => {
  let h: Harness;
  let base: string;
  before(async () => {
    h = await startTwilioApp();
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => { await h.close(); });

  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

  test('an unsigned webhook is refused (403) before its body is read: the answer comes while the body is still unsent', { timeout: 30_000 }, async () => {
    // Under the webhook body limit: only a refusal from the headers can answer before the body ends.
    const small = await partialPost(base, '/webhooks/twilio/sms', FORM, TWILIO_WEBHOOK_BODY_LIMIT - 1, 1024);
    assert.equal(small.status, 403, small.body);
    assert.match(small.body, /"code":80610/);
    // Announced far over the limit: refused as unsigned (403), not measured (413).
    const huge = await partialPost(base, '/webhooks/twilio/voice', FORM, 50 * 1024 * 1024, 1024);
    assert.equal(huge.status, 403, huge.body);
  });

  test('an unsigned webhook with one key 20,000 times is 403, never parsed', async () => {
    for (const path of ['/webhooks/twilio/sms', '/webhooks/twilio/voice', '/webhooks/twilio/message-status', '/webhooks/twilio/dial-status', '/webhooks/twilio/call-status']) {
      const res = await h.webhook(path, {}, { signature: null, payload: Array.from({ length: 20_000 }, () => 'a=').join('&') });
      assert.equal(res.status, 403, path);
      assert.equal(res.json.code, 80610, path);
    }
  });

  test('a webhook with a signature header and one key 20,000 times gets the cap error (400)', async () => {
    const res = await h.webhook('/webhooks/twilio/sms', {}, { signature: 'forged', payload: Array.from({ length: 20_000 }, () => 'a=').join('&') });
    assert.equal(res.status, 400, res.body);
    assert.equal(res.json.code, 80701);
    assert.equal(res.json.message, `Too many parameters: at most ${MAX_FORM_PARAMS} per request.`);
  });
});
