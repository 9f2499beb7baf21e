// POST .../Participants/{KP}/MessageInteractions to a participant whose proxy number is on an SMPP account,
// with two masq instances on one database (SQLite and PostgreSQL) and the in-process SMSC: only one holds
// the bind. Sent through the instance that does not, the message is accepted (201, queued), given back to
// the holder unattempted, and sent over the bind by it; the CallbackUrl hears of it queued and sent, signed.
// Sent through the holder, it leaves at once. Media SMPP cannot carry is still refused at once (80613).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JOB_HANDLERS } from '../../../src/app/job-handlers.ts';
import { runDueJobs } from '../../../src/app/run-jobs.ts';
import { forwardJobId } from '../../../src/app/forward-jobs.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { buildApp, type MasqApp } from '../../../src/http/build-app.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { AUTH_TOKEN, BASE, form, jsonObjectOf, MAIN_AUTH, str, type Fields, type Response } from '../../api/support.ts';
import { startFakeSmsc, type FakeSmsc } from '../../support/smpp-smsc.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';
import { TwimlApp } from '../../support/twiml-app.ts';
import { CREDENTIALS, DAVE, digits, linkReady, SMPP_1, smppAccounts, startSmppWorld, type SmppWorld } from './smpp-world.ts';

/**
 * The bind's lease: long enough that the holder keeps it on a loaded machine (it renews every third of it),
 * so which instance holds the bind stays as the test set it up.
 */
const LEASE_MS = '6000';
/** More than one renewal period (2 s): the second instance has tried for the lease, and failed, more than once. */
const PAST_A_RENEWAL_MS = 2_500;
/** Longer than a job given back waits before it is due again (run-jobs.ts RELEASE_DELAY_MS). */
const AFTER_THE_RELEASE_MS = 1_200;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The API of a second instance, as a load balancer would hand it a request. */
const apiOf = (app: MasqApp) => ({
  post: async (path: string, fields: Fields = {}): Promise<Response> => {
    const res = await app.inject({ method: 'POST', url: path, headers: { authorization: MAIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
    return { status: res.statusCode, body: res.body, json: jsonObjectOf(res.body), headers: res.headers };
  },
  get: async (path: string): Promise<Response> => {
    const res = await app.inject({ method: 'GET', url: path, headers: { authorization: MAIN_AUTH } });
    return { status: res.statusCode, body: res.body, json: jsonObjectOf(res.body), headers: res.headers };
  },
});

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: MessageInteractions through an SMPP account, on two instances`, () => {
    let smsc: FakeSmsc;
    let world: SmppWorld;
    let receiver: TwimlApp;
    let second: Runtime;
    let secondApp: MasqApp;

    before(async () => {
      smsc = await startFakeSmsc(CREDENTIALS);
      world = await startSmppWorld(dialect, smsc.port, { leaseMs: LEASE_MS });
      receiver = await new TwimlApp(() => AUTH_TOKEN).start();
      receiver.answer('/callbacks', { status: 204 });
      const callbackUrl = receiver.url('/callbacks');
      assert.equal((await world.api.post(`/v1/Services/${world.serviceSid}`, { CallbackUrl: callbackUrl })).status, 200);
      second = await createRuntime(
        defaultConfig({ databaseUrl: world.db.url, accountSid: undefined, authToken: undefined, carrierAccounts: smppAccounts(smsc.port, { leaseMs: LEASE_MS }), callbackAllowPrivate: true }),
        { sweepIntervalMs: 0, jobIntervalMs: 0 },
      );
      secondApp = await buildApp({ deps: second.deps, publicUrl: BASE, sandbox: second.sandbox, logLevel: 'silent' });
      await pause(PAST_A_RENEWAL_MS);
    });
    after(async () => {
      await secondApp.close();
      await second.close();
      await receiver.close();
      await world.close();
      await smsc.close();
    });

    const submitsOf = (text: string) => smsc.submits.filter((s) => s.text === text);
    /** The CallbackUrl deliveries about one interaction: its outbound status each time, signed or not. */
    const callbacksAbout = (interactionSid: string) => receiver.to('/callbacks')
      .filter((r) => r.params.interactionSid === interactionSid)
      .map((r) => [r.params.outboundResourceStatus, r.signatureValid]);

    test('sent through the instance without the bind: 201 queued, given back unattempted, sent over the bind by the holder, called back queued and sent', async () => {
      assert.equal(linkReady(world.api.runtime), true, 'the first instance holds the bind');
      assert.equal(linkReady(second), false, 'the second does not');
      const elsewhere = apiOf(secondApp);

      const sent = await world.messageTo(DAVE, 'sent by the holder', elsewhere);
      assert.equal(sent.status, 201, sent.body);
      assert.equal(sent.json.outbound_resource_status, 'queued');
      const interactionSid = str(sent.json, 'sid');
      assert.deepEqual(submitsOf('sent by the holder'), [], 'nothing went out from the instance without the bind');
      const job = await second.deps.store.findJob(world.api.runtime.account.account.sid, forwardJobId(interactionSid));
      assert.deepEqual([job?.kind, job?.attempts, job?.doneAt, job?.givenUpAt], ['send-message', 0, null, null], 'given back, no attempt used');
      assert.match(job?.lastError ?? '', /carrier link of 'smsc' is not up on this instance/);

      // The second instance's own worker passes it over again; the holder's sends it.
      assert.deepEqual(await runDueJobs(second.deps, { 'send-message': JOB_HANDLERS['send-message'] }), { done: 0, failed: 0 });
      await pause(AFTER_THE_RELEASE_MS);
      await runDueJobs(world.api.runtime.deps, JOB_HANDLERS);
      const [submit, ...more] = submitsOf('sent by the holder');
      assert.deepEqual(more, [], 'sent once');
      assert.deepEqual([submit?.sourceAddr, submit?.destAddr], [digits(SMPP_1), digits(DAVE)], 'from Dave\'s proxy number to Dave');

      const fetched = await elsewhere.get(`/v1/Services/${world.serviceSid}/Sessions/${world.session('sandbox-and-smpp')}/Participants/${world.participant(DAVE)}/MessageInteractions/${interactionSid}`);
      assert.deepEqual([fetched.json.outbound_resource_status, fetched.json.outbound_resource_sid], ['sent', `smsc:${BigInt(`0x${submit?.messageId ?? ''}`)}`]);
      await runDueJobs(world.api.runtime.deps, JOB_HANDLERS);
      assert.deepEqual(callbacksAbout(interactionSid).sort(), [['queued', true], ['sent', true]]);
    });

    test('sent through the holder: over the bind at once, the answer still queued', async () => {
      const sent = await world.messageTo(DAVE, 'sent at once');
      assert.equal(sent.status, 201, sent.body);
      assert.equal(sent.json.outbound_resource_status, 'queued');
      assert.equal(submitsOf('sent at once').length, 1, 'submitted while the request waited, no worker needed');
      const interaction = (await world.interactions('sandbox-and-smpp')).find((i) => i.sid === sent.json.sid);
      assert.equal(interaction?.outbound_resource_status, 'sent');
    });

    test('media SMPP cannot carry: refused at once on either instance (80613), logged failed, nothing queued', async () => {
      const path = `/v1/Services/${world.serviceSid}/Sessions/${world.session('sandbox-and-smpp')}/Participants/${world.participant(DAVE)}/MessageInteractions`;
      for (const through of [world.api, apiOf(secondApp)]) {
        const refused = await through.post(path, { Body: 'a photo', MediaUrl: 'https://media.example.invalid/cat.jpg' });
        assert.deepEqual([refused.status, refused.json.code], [502, 80613], refused.body);
      }
      const refusedOnes = (await world.interactions('sandbox-and-smpp')).filter((i) => String(i.data).includes('a photo'));
      assert.deepEqual(refusedOnes.map((i) => i.outbound_resource_status), ['failed', 'failed']);
      assert.deepEqual(submitsOf('a photo'), []);
    });
  });
}
