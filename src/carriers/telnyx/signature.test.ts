// Our ed25519 verifier against the official SDK's (telnyx 7.24.0: TelnyxWebhook.verify, which
// client.webhooks.unwrap runs before it parses JSON): what Telnyx signs, both accept; a changed body,
// another key, a stale or future timestamp or a garbled header, both refuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Telnyx from 'telnyx';
import { TelnyxWebhook } from 'telnyx/lib/webhooks';
import { signedTelnyxRequest, telnyxSigningKeys, telnyxWebhook } from '../../../test/support/fake-telnyx-api.ts';
import { createTelnyxAccount } from './account.ts';
import { telnyxPublicKey, telnyxSignatureProblem } from './signature.ts';

const keys = telnyxSigningKeys();
const otherKeys = telnyxSigningKeys();
const sdk = new TelnyxWebhook(keys.publicKey);
const ourKey = telnyxPublicKey(keys.publicKey);

const body = JSON.stringify({ data: { event_type: 'message.received', id: 'ev-1', payload: { text: 'héllo ✓ </Say> & 🙂' } }, meta: { attempt: 1 } });
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// TelnyxWebhook.verify, not unwrap: unwrap also JSON-parses, and TeXML callbacks are forms.
const sdkAccepts = (text: string, headers: Record<string, string>): Promise<boolean> =>
  sdk.verify(text, headers).then(() => true, () => false);

const oursAccepts = (text: string, headers: Record<string, string>): boolean =>
  telnyxSignatureProblem(ourKey, headers, Buffer.from(text, 'utf8'), new Date()) === null;

/** Both verifiers judge the request; they must agree, and agree with `expected`. */
const bothSay = async (expected: boolean, text: string, headers: Record<string, string>, label: string): Promise<void> => {
  assert.equal(await sdkAccepts(text, headers), expected, `SDK: ${label}`);
  assert.equal(oursAccepts(text, headers), expected, `masq: ${label}`);
};

test('a webhook signed as Telnyx signs it is accepted by both', async () => {
  const headers = signedTelnyxRequest(keys.privateKey, body, nowSeconds());
  await bothSay(true, body, headers, 'valid JSON event');
  const client = new Telnyx({ apiKey: 'KEY-test', publicKey: keys.publicKey });
  assert.deepEqual(await client.webhooks.unwrap(body, { headers }), JSON.parse(body));
  const form = 'CallSid=v3%3Aabc&From=%2B14155550001&To=%2B14155551212&CallStatus=ringing';
  await bothSay(true, form, signedTelnyxRequest(keys.privateKey, form, nowSeconds()), 'valid TeXML form');
});

test('a changed body, another key or a changed timestamp is refused by both', async () => {
  const ts = nowSeconds();
  const headers = signedTelnyxRequest(keys.privateKey, body, ts);
  await bothSay(false, body.replace('héllo', 'hello'), headers, 'tampered body');
  await bothSay(false, `${body} `, headers, 'a trailing space');
  await bothSay(false, body, signedTelnyxRequest(otherKeys.privateKey, body, ts), 'signed with another key');
  await bothSay(false, body, { ...headers, 'telnyx-timestamp': String(ts - 1) }, 'timestamp changed after signing');
});

test('timestamps more than 300 s away, past or future, are refused by both; within the window accepted', async () => {
  const now = nowSeconds();
  await bothSay(false, body, signedTelnyxRequest(keys.privateKey, body, now - 400), 'stale');
  await bothSay(false, body, signedTelnyxRequest(keys.privateKey, body, now + 400), 'future');
  await bothSay(true, body, signedTelnyxRequest(keys.privateKey, body, now - 200), '200 s old');
  await bothSay(true, body, signedTelnyxRequest(keys.privateKey, body, now + 200), '200 s ahead');
});

test('missing or garbled headers are refused by both', async () => {
  const headers = signedTelnyxRequest(keys.privateKey, body, nowSeconds());
  const signature = headers['telnyx-signature-ed25519'] ?? '';
  await bothSay(false, body, { 'telnyx-timestamp': headers['telnyx-timestamp'] ?? '' }, 'no signature');
  await bothSay(false, body, { 'telnyx-signature-ed25519': signature }, 'no timestamp');
  await bothSay(false, body, { ...headers, 'telnyx-signature-ed25519': signature.replace(/=+$/, '') }, 'unpadded signature');
  await bothSay(false, body, { ...headers, 'telnyx-signature-ed25519': signature.slice(4) }, 'short signature');
  await bothSay(false, body, { ...headers, 'telnyx-signature-ed25519': `!${signature.slice(1)}` }, 'not base64');
  await bothSay(false, body, { ...headers, 'telnyx-timestamp': `${headers['telnyx-timestamp'] ?? ''}.0` }, 'fractional timestamp');
  await bothSay(false, body, { ...headers, 'telnyx-timestamp': 'yesterday' }, 'a word for a timestamp');
});

test('the window is measured from the clock masq is given, to the second', () => {
  const signedAt = 1_800_000_000;
  const headers = signedTelnyxRequest(keys.privateKey, body, signedAt);
  const at = (seconds: number) => telnyxSignatureProblem(ourKey, headers, Buffer.from(body), new Date(seconds * 1000));
  assert.equal(at(signedAt + 300), null);
  assert.equal(at(signedAt - 300), null);
  assert.match(at(signedAt + 301) ?? '', /301 s old/);
  assert.match(at(signedAt - 301) ?? '', /301 s in the future/);
});

test("the adapter verifies the body's exact bytes, and names why it refuses", () => {
  const account = createTelnyxAccount({
    name: 'telnyx', apiKey: 'KEY-test', publicKey: keys.publicKey, apiUrl: 'http://127.0.0.1:9', messagingProfileId: null,
    webhookBase: null,
  });
  const adapter = account.webhooks;
  assert.ok(adapter);
  const now = new Date();
  const headers = signedTelnyxRequest(keys.privateKey, body, Math.floor(now.getTime() / 1000));
  assert.equal(adapter.isSigned(headers), true);
  assert.equal(adapter.isSigned({ 'telnyx-timestamp': '1' }), false);
  assert.equal(adapter.verify(telnyxWebhook('messaging', body, { headers }), now), null);
  assert.match(adapter.verify(telnyxWebhook('messaging', body.replace('✓', 'v'), { headers }), now) ?? '', /does not match/);
  assert.match(adapter.verify(telnyxWebhook('messaging', body), now) ?? '', /telnyx-signature-ed25519 is missing/);
});

test('a public key that is not 32 bytes of base64 is refused when the account is built', () => {
  assert.throws(() => telnyxPublicKey(Buffer.alloc(16, 7).toString('base64')), /32 bytes/);
  assert.throws(() => telnyxPublicKey('not a key at all'), /32 bytes/);
  // The portal's padded form and the same key unpadded both work.
  assert.doesNotThrow(() => telnyxPublicKey(keys.publicKey.replace(/=$/, '')));
});
