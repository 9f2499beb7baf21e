// `masq numbers import` end to end: a real `masq serve` with a Twilio carrier account on a local fake of
// Twilio's API that holds numbers bought elsewhere. The import pages through them, points each at masq's
// webhooks when asked, and a second run skips them all; the official twilio client sees them in masq.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from '../e2e/fake-twilio-api.ts';
import { startServe, type Served } from '../e2e/serve-process.ts';
import { jsonOf, runCli } from './run-cli.ts';

const TWILIO_SID = `AC${'7'.repeat(32)}`;
const TWILIO_TOKEN = 'fake-twilio-token';
/** More than one page of the carrier's list (the adapter asks for 50 at a time). */
const HELD = Array.from({ length: 60 }, (_, i) => `+1415730${String(i).padStart(4, '0')}`);

describe('masq numbers import from a Twilio carrier account', () => {
  let fake: FakeTwilioApi;
  let served: Served;
  let env: Record<string, string>;

  before(async () => {
    fake = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
    fake.hold(...HELD);
    served = await startServe({ MASQ_TWILIO_ACCOUNT_SID: TWILIO_SID, MASQ_TWILIO_AUTH_TOKEN: TWILIO_TOKEN, MASQ_TWILIO_API_URL: fake.url });
    env = { MASQ_URL: served.url, MASQ_ACCOUNT_SID: served.accountSid, MASQ_AUTH_TOKEN: served.authToken };
  });
  after(async () => {
    await served.stop();
    await fake.close();
  });

  test('imports every page, points each number at masq, and a second run skips them all', async () => {
    const first = await runCli(['numbers', 'import', '--carrier', 'twilio', '--point-at-masq'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Imported:\nSID +Phone number\n/);
    assert.match(first.stdout, /\n60 imported and 0 skipped from carrier account twilio\.\n$/);
    for (const held of fake.owned) {
      assert.equal(held.fields.get('VoiceUrl'), `${served.url}/webhooks/twilio/voice`, held.phoneNumber);
      assert.equal(held.fields.get('SmsUrl'), `${served.url}/webhooks/twilio/sms`);
    }

    const client = twilio(served.accountSid, served.authToken);
    client.api.baseUrl = `${served.url}/api`;
    const inMasq = await client.incomingPhoneNumbers.list();
    assert.deepEqual(inMasq.map((n) => n.phoneNumber).sort(), [...HELD].sort());
    const listed = jsonOf(await runCli(['numbers', 'list', '--limit', '100', '--json'], env));
    assert.ok(Array.isArray(listed) && listed.length === 60);
    assert.ok(listed.every((r: Record<string, unknown>) => r.masq_carrier === 'twilio' && r.masq_lifecycle === 'active'));

    const again = await runCli(['numbers', 'import', '--carrier', 'twilio', '--json'], env);
    assert.equal(again.code, 0, again.stderr);
    const result = jsonOf(again);
    assert.ok(typeof result === 'object' && result !== null && 'imported' in result && 'skipped' in result && Array.isArray(result.skipped));
    assert.deepEqual(result.imported, []);
    assert.equal(result.skipped.length, 60);
    const bySid = new Map(inMasq.map((n) => [n.phoneNumber, n.sid]));
    for (const s of result.skipped) assert.equal(s.reason, `already in your inventory as ${bySid.get(s.phone_number)} (active)`);
  });
});
