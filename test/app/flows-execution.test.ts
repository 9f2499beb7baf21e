// A number's flow carrying out real traffic through the contract the engine calls (flowVoiceStep,
// flowMessageStep, voicemailRecorded), on a real store (SQLite and PostgreSQL): every call action with its
// continuations back into the flow and a 'flow-step' event per node, a call that keeps its revision while
// a new one is saved, the per-call step limit, a flow gone mid-call; every message action (reply, forward,
// the webhook answered at once, the webhook down and retried as a job, email sent and failing); and a
// voicemail delivered by signed webhook job and by email with the WAV attached.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readCallbackPayload } from '../../src/app/callbacks/callback-job.ts';
import { flowMessageStep, flowVoiceStep, voicemailRecorded } from '../../src/app/flows/flow-step.ts';
import { createFlow, updateFlow } from '../../src/app/flows/save-flow.ts';
import { voicemailWav } from '../../src/app/recordings/sandbox-audio.ts';
import { storeRecording } from '../../src/app/recordings/store-recording.ts';
import type { Account } from '../../src/domain/account.ts';
import { DEFAULT_NUMBER_CONFIG, type InventoryNumber } from '../../src/domain/inventory-number.ts';
import { flowNodeOf, type FlowNodeRef } from '../../src/domain/programmable/continuation.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { VoiceVerb } from '../../src/domain/twiml/verbs.ts';
import type { Store } from '../../src/ports/store.ts';
import { WebhookError } from '../../src/ports/webhook-sender.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount, anInventoryNumber, sid, usNumber } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const CALLER = '+14155550100';

const IVR = {
  version: 1,
  start: { voice: 'screen', message: 'texts' },
  nodes: {
    screen: { type: 'route', rules: [{ when: { attestation: { in: ['C'] } }, next: 'nope' }], otherwise: 'welcome' },
    nope: { type: 'reject', reason: 'busy' },
    welcome: { type: 'say', text: 'Welcome', next: 'menu' },
    menu: { type: 'menu', prompt: 'Press 1 for sales, 2 for support, 3 for the PBX, 4 for the app, 9 to leave a message', options: { 1: 'sales', 2: 'support', 3: 'pbx', 4: 'app', 9: 'vm', 0: 'bye' } },
    sales: { type: 'forward', to: ['+14155550101', '+14155550102'], timeout: 15, record: true, next: 'vm' },
    support: { type: 'forward', to: ['+14155550103', '+14155550104'], strategy: 'simultaneous', callerId: 'number' },
    pbx: { type: 'sip', uri: 'sip:desk@pbx.example.com', timeout: 30 },
    app: { type: 'webhook', url: 'https://app.example.invalid/voice', method: 'GET' },
    vm: { type: 'voicemail', greeting: 'Leave a message', maxLength: 30, webhook: 'https://hooks.example.invalid/vm', email: ['ops@example.com'] },
    bye: { type: 'hangup' },
    texts: { type: 'reply', text: 'Thanks, we got it', next: 'copy' },
    copy: { type: 'forward-message', to: '+14155550105', next: 'hook' },
    hook: { type: 'webhook-message', url: 'https://hooks.example.invalid/sms', next: 'mail' },
    mail: { type: 'email-message', to: ['inbox@example.com'], subject: 'New text' },
  },
};

const verbsNamed = (verbs: readonly VoiceVerb[]): string[] => verbs.map((v) => v.verb);
const stepsOf = (events: readonly NewTrafficEvent[]): string[] => events.filter((e) => e.kind === 'flow-step').map((e) => `${e.data.node}: ${e.data.why}`);

/** The flow node a verb's continuation leads to. */
const nodeOf = (url: string | undefined): FlowNodeRef => {
  const ref = flowNodeOf(url ?? '');
  assert.ok(ref, `not a flow continuation: ${url}`);
  return ref;
};

for (const s of STORES) {
  describe(`flow execution (${s.name})`, () => {
    let store: Store;
    let deps: ReturnType<typeof testDeps>;
    let account: Account;
    let flowSid = '';

    before(async () => {
      store = await s.open();
      deps = testDeps(store);
      account = anAccount();
      await store.upsertAccount(account);
      flowSid = (await createFlow(deps, account.sid, { friendlyName: 'IVR', definition: IVR, commitMessage: null })).flow.sid;
    });
    after(async () => { await store.close(); });

    const givenNumber = async (): Promise<InventoryNumber> => {
      const number = anInventoryNumber(account.sid, usNumber(), { config: { ...DEFAULT_NUMBER_CONFIG, flowSid } });
      await store.createInventoryNumber(number);
      return number;
    };

    const givenTraffic = async (number: InventoryNumber, channel: 'voice' | 'message', o: Partial<NumberTraffic> = {}): Promise<NumberTraffic> => {
      const now = deps.clock.now();
      const traffic: NumberTraffic = {
        sid: sid('numberTraffic'), accountSid: account.sid, numberSid: number.sid, phoneNumber: number.phoneNumber, channel, carrier: 'sandbox',
        resourceSid: `${channel === 'voice' ? 'CA' : 'SM'}${sid('numberTraffic').slice(2)}`, from: CALLER, to: number.phoneNumber,
        body: channel === 'message' ? 'hello there' : '', application: 'flow', attestation: null, flowSid, flowRevision: 1,
        status: channel === 'voice' ? 'ringing' : 'received', durationSeconds: null, dateCreated: now, dateUpdated: now, ...o,
      };
      await store.insertTraffic(traffic, []);
      return traffic;
    };

    /** One step as the engine makes it: the answer's events appended to the call log. */
    const step = async (number: InventoryNumber, traffic: NumberTraffic, node: FlowNodeRef | null, params: Record<string, string> = {}) => {
      const answer = await flowVoiceStep(deps, { traffic, number, node, params });
      await store.appendTrafficEvents(traffic.sid, answer.events);
      return answer;
    };

    test('a call: welcome, a menu whose keys lead on, forwards in turn with the dial outcome, then voicemail', async () => {
      const number = await givenNumber();
      const traffic = await givenTraffic(number, 'voice', { attestation: 'A' });
      const first = await step(number, traffic, null);
      assert.deepEqual(verbsNamed(first.verbs), ['Say', 'Gather', 'Redirect']);
      assert.deepEqual(stepsOf(first.events), ['screen: no rule matched: otherwise', 'welcome: next', 'menu: next']);
      assert.deepEqual(first.events[0]?.data, { flow: flowSid, revision: '1', node: 'screen', type: 'route', why: 'no rule matched: otherwise' });
      const [, gather, silence] = first.verbs;
      assert.ok(gather?.verb === 'Gather' && silence?.verb === 'Redirect');
      assert.deepEqual(gather.prompts, [{ verb: 'Say', text: 'Press 1 for sales, 2 for support, 3 for the PBX, 4 for the app, 9 to leave a message' }]);
      assert.deepEqual(nodeOf(gather.action), { flowSid, revision: 1, node: 'menu#input.0' });

      const sales = await step(number, traffic, nodeOf(gather.action), { Digits: '1' });
      const [dial] = sales.verbs;
      assert.ok(dial?.verb === 'Dial');
      assert.deepEqual(
        { ...dial, action: nodeOf(dial.action).node },
        { verb: 'Dial', timeout: 15, action: 'sales#dial.0', method: 'POST', callerId: CALLER, record: 'record-from-answer', targets: [{ kind: 'number', number: '+14155550101' }] },
      );
      const next = await step(number, traffic, nodeOf(dial.action), { DialCallStatus: 'no-answer' });
      const [second] = next.verbs;
      assert.ok(second?.verb === 'Dial');
      assert.deepEqual([second.targets, nodeOf(second.action).node], [[{ kind: 'number', number: '+14155550102' }], 'sales#dial.1']);
      const vm = await step(number, traffic, nodeOf(second.action), { DialCallStatus: 'busy' });
      assert.deepEqual(verbsNamed(vm.verbs), ['Say', 'Record', 'Say', 'Hangup']);
      const record = vm.verbs[1];
      assert.ok(record?.verb === 'Record');
      assert.deepEqual([record.maxLength, nodeOf(record.action).node], [30, 'vm#recorded']);
      const done = await step(number, traffic, nodeOf(record.action), { RecordingDuration: '4' });
      assert.deepEqual(done.verbs, [{ verb: 'Hangup' }]);

      const log = await store.listTrafficEvents(traffic.sid);
      assert.deepEqual(stepsOf(log), [
        'screen: no rule matched: otherwise', 'welcome: next', 'menu: next', 'menu: pressed 1', 'sales: option 1 of menu "menu"',
        'sales: +14155550101 no-answer: trying the next number', 'sales: busy: nobody answered', 'vm: no answer at "sales"', 'vm: message recorded',
      ]);
    });

    test('every other call action: simultaneous forward, SIP, the app webhook, hang-up, reject by attestation, a wrong key', async () => {
      const number = await givenNumber();
      const afterKey = async (digits: string) => {
        const traffic = await givenTraffic(number, 'voice');
        const first = await step(number, traffic, null);
        return step(number, traffic, { flowSid, revision: 1, node: 'menu#input.0' }, { Digits: digits }).then((a) => ({ a, first }));
      };
      const support = (await afterKey('2')).a.verbs[0];
      assert.ok(support?.verb === 'Dial');
      assert.deepEqual([support.callerId, support.targets.length, nodeOf(support.action).node], [number.phoneNumber, 2, 'support#dial']);
      const pbx = (await afterKey('3')).a.verbs[0];
      assert.ok(pbx?.verb === 'Dial');
      assert.deepEqual([pbx.targets, pbx.timeout, pbx.callerId], [[{ kind: 'sip', uri: 'sip:desk@pbx.example.com' }], 30, undefined]);
      assert.deepEqual((await afterKey('4')).a.verbs, [{ verb: 'Redirect', url: 'https://app.example.invalid/voice', method: 'GET' }]);
      assert.deepEqual((await afterKey('0')).a.verbs, [{ verb: 'Hangup' }]);
      const wrong = (await afterKey('7')).a;
      assert.deepEqual(verbsNamed(wrong.verbs), ['Say', 'Gather', 'Redirect']);
      assert.deepEqual(stepsOf(wrong.events), ['menu: pressed 7: not an option: asked again (try 2 of 3)']);

      const spoofed = await givenTraffic(number, 'voice', { attestation: 'C' });
      assert.deepEqual((await step(number, spoofed, null)).verbs, [{ verb: 'Reject', reason: 'busy' }]);
    });

    test('a call keeps the revision it started on; a flow gone mid-call ends it politely', async () => {
      const { flow } = await createFlow(deps, account.sid, { friendlyName: 'Changing', definition: { version: 1, start: 'm', nodes: { m: { type: 'menu', prompt: 'old', options: { 1: 's' } }, s: { type: 'say', text: 'old answer' } } }, commitMessage: null });
      const number = anInventoryNumber(account.sid, usNumber(), { config: { ...DEFAULT_NUMBER_CONFIG, flowSid: flow.sid } });
      await store.createInventoryNumber(number);
      const traffic = await givenTraffic(number, 'voice', { flowSid: flow.sid, flowRevision: 1 });
      const first = await step(number, traffic, null);
      const gather = first.verbs[0];
      assert.ok(gather?.verb === 'Gather');
      await updateFlow(deps, account.sid, flow.sid, { definition: { version: 1, start: 'm', nodes: { m: { type: 'menu', prompt: 'new', options: { 1: 's' } }, s: { type: 'say', text: 'new answer' } } }, commitMessage: null, expectedRevision: 1, friendlyName: null });
      const answer = await step(number, traffic, nodeOf(gather.action), { Digits: '1' });
      assert.deepEqual(answer.verbs, [{ verb: 'Say', text: 'old answer' }, { verb: 'Hangup' }]);

      const orphan = await givenTraffic(number, 'voice', { flowSid: `FW${'0'.repeat(32)}`, flowRevision: 1 });
      const gone = await step(number, orphan, null);
      assert.deepEqual(gone.verbs, [{ verb: 'Say', text: 'An application error has occurred. Goodbye.' }, { verb: 'Hangup' }]);
      assert.equal(gone.events[0]?.kind, 'error');
    });

    test('a caller looping through menus is stopped by the per-call step limit', async () => {
      const number = await givenNumber();
      const traffic = await givenTraffic(number, 'voice');
      const taken: NewTrafficEvent[] = Array.from({ length: 100 }, () => ({ at: deps.clock.now(), kind: 'flow-step', detail: 'menu', data: { node: 'menu' } }));
      await store.appendTrafficEvents(traffic.sid, taken);
      const answer = await step(number, traffic, { flowSid, revision: 1, node: 'menu#input.0' }, { Digits: '0' });
      assert.deepEqual(answer.verbs, [{ verb: 'Say', text: 'This call has gone through too many steps. Goodbye.' }, { verb: 'Hangup' }]);
      assert.equal(answer.events[answer.events.length - 1]?.kind, 'error');
    });

    const inbound = (number: InventoryNumber, traffic: NumberTraffic): InboundEvent => ({
      channel: 'message', carrier: 'sandbox', resourceSid: traffic.resourceSid, from: CALLER, to: number.phoneNumber, body: 'hello there',
      mediaUrls: ['https://media.example.invalid/1.jpg'], carrierParams: {},
    });

    test('a message: reply, forward, the webhook answering at once (signed JSON), and email', async () => {
      const number = await givenNumber();
      const traffic = await givenTraffic(number, 'message');
      deps.webhooks.answers.set('https://hooks.example.invalid/sms', { status: 200, contentType: 'application/json', body: '{"reply":"A person will call you back"}' });
      const answer = await flowMessageStep(deps, { traffic, number, event: inbound(number, traffic) });
      const common = { verb: 'message', carrier: 'sandbox', from: number.phoneNumber };
      assert.deepEqual(answer.verbs, [
        { ...common, to: CALLER, body: 'Thanks, we got it', mediaUrls: [], reply: true },
        { ...common, to: '+14155550105', body: `From ${CALLER}: hello there`, mediaUrls: ['https://media.example.invalid/1.jpg'], reply: false },
        { ...common, to: CALLER, body: 'A person will call you back', mediaUrls: [], reply: true },
      ]);
      const posted = deps.webhooks.requests.find((r) => r.url === 'https://hooks.example.invalid/sms');
      assert.ok(posted?.json !== undefined);
      assert.equal(posted.authToken, account.authToken);
      const body: unknown = JSON.parse(posted.json);
      assert.ok(typeof body === 'object' && body !== null);
      assert.deepEqual(
        { ...body, date_created: 'x' },
        {
          event_type: 'message.received', account_sid: account.sid, traffic_sid: traffic.sid, message_sid: traffic.resourceSid, number_sid: number.sid,
          from: CALLER, to: number.phoneNumber, body: 'hello there', media: ['https://media.example.invalid/1.jpg'], flow_sid: flowSid, flow_revision: 1,
          flow_node: 'hook', date_created: 'x',
        },
      );
      const mail = deps.mailer.sent.at(-1);
      assert.deepEqual([mail?.to, mail?.subject], [['inbox@example.com'], 'New text']);
      assert.match(mail?.text ?? '', /^hello there\n\nFrom: \+14155550100\n/);
      assert.deepEqual(answer.events.map((e) => e.kind), ['flow-step', 'reply', 'flow-step', 'reply', 'flow-step', 'webhook', 'reply', 'flow-step', 'email']);
    });

    test('a message: a webhook that is down is retried as a job; an email that fails is logged', async () => {
      const number = await givenNumber();
      const traffic = await givenTraffic(number, 'message');
      deps.webhooks.answers.set('https://hooks.example.invalid/sms', new WebhookError('timeout', 'no answer in 200 ms'));
      deps.mailer.failWith = 'not-configured';
      try {
        const answer = await flowMessageStep(deps, { traffic, number, event: inbound(number, traffic) });
        assert.equal(answer.verbs.length, 2, 'the reply and the forward; no webhook reply');
        const webhook = answer.events.find((e) => e.kind === 'webhook');
        assert.match(webhook?.detail ?? '', /^POST to https:\/\/hooks\.example\.invalid\/sms failed \(timeout: no answer in 200 ms\): the message is delivered later, with retries \(WH/);
        const jobs = await store.listJobs(account.sid, { kind: 'callback', limit: 50 });
        const job = jobs.find((j) => j.id === webhook?.data.job);
        const payload = job ? readCallbackPayload(job) : null;
        assert.equal(payload?.url, 'https://hooks.example.invalid/sms');
        assert.match(payload?.json ?? '', /"traffic_sid":"NT/);
        const email = answer.events.find((e) => e.kind === 'email');
        assert.equal(email?.detail, 'Email to inbox@example.com failed: test mailer refuses: not-configured');
      } finally {
        deps.mailer.failWith = null;
        deps.webhooks.answers.delete('https://hooks.example.invalid/sms');
      }
    });

    test('a voicemail is delivered by a signed webhook job and by email with the WAV attached', async () => {
      const number = await givenNumber();
      const traffic = await givenTraffic(number, 'voice');
      const recording = await storeRecording(deps, {
        traffic, callSid: traffic.resourceSid, source: 'voicemail', durationSeconds: 3,
        audio: { kind: 'bytes', contentType: 'audio/wav', data: voicemailWav('call me back', 3), transcript: 'call me back' },
      });
      await voicemailRecorded(deps, { traffic, recording, node: { flowSid, revision: 1, node: 'vm#recorded' } });
      const log = await store.listTrafficEvents(traffic.sid);
      const queued = log.find((e) => e.kind === 'webhook');
      assert.match(queued?.detail ?? '', new RegExp(`^Voicemail ${recording.sid} queued for https://hooks\\.example\\.invalid/vm \\(WH`));
      const job = (await store.listJobs(account.sid, { kind: 'callback', limit: 50 })).find((j) => j.id === queued?.data.job);
      const json: unknown = JSON.parse((job && readCallbackPayload(job)?.json) ?? '{}');
      assert.ok(typeof json === 'object' && json !== null);
      assert.deepEqual(
        { ...json, date_created: 'x' },
        {
          event_type: 'voicemail.recorded', account_sid: account.sid, traffic_sid: traffic.sid, call_sid: traffic.resourceSid, number_sid: number.sid,
          from: CALLER, to: number.phoneNumber, recording_sid: recording.sid, recording_url: `/2010-04-01/Accounts/${account.sid}/Recordings/${recording.sid}`,
          recording_status: 'completed', recording_duration: 3, content_type: 'audio/wav', transcript: 'call me back',
          flow_sid: flowSid, flow_revision: 1, flow_node: 'vm', date_created: 'x',
        },
      );
      const mail = deps.mailer.sent.at(-1);
      assert.deepEqual([mail?.to, mail?.subject], [['ops@example.com'], `Voicemail from ${CALLER} (3 s)`]);
      const wav = mail?.attachments[0];
      assert.deepEqual([wav?.filename, wav?.contentType, wav?.content.subarray(0, 4).toString('latin1')], [`${recording.sid}.wav`, 'audio/wav', 'RIFF']);
      assert.match(mail?.text ?? '', /Transcript: call me back/);
      assert.ok(log.some((e) => e.kind === 'email' && e.detail === 'Emailed the voicemail to ops@example.com'));

      // A recording made elsewhere in the flow (a recorded forward) is no voicemail: nothing is delivered.
      const before = deps.mailer.sent.length;
      await voicemailRecorded(deps, { traffic, recording, node: { flowSid, revision: 1, node: 'sales#dial.0' } });
      assert.equal(deps.mailer.sent.length, before);
    });
  });
}
