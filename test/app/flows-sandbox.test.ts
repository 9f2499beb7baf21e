// Every masq flow action end to end on the sandbox, the way a user tries a flow (on SQLite and PostgreSQL):
// a number bought and attached to a flow, called and texted from virtual phones. Routing by caller (reject,
// an announcement then hang-up), a menu, a simultaneous forward answered by one phone, a SIP dial that
// fails over to asking the owner's app (signed, its TwiML heard), a voicemail delivered as signed JSON and
// by email with the WAV attached (a real SMTP server on loopback); and messages replied to, forwarded,
// POSTed to a webhook that answers at once, and emailed.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, startApi, str, type Api, type Response } from '../api/support.ts';
import { closeServer, listenOnLoopback, readBody } from '../support/loopback-server.ts';
import { attachmentOf, startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';
import { suiteDatabase, TEST_DIALECTS } from '../support/stores.ts';
import { twiml, TwimlApp } from '../support/twiml-app.ts';

const enc = encodeURIComponent;
const CALLER = '+14155550111';
const BLOCKED = '+14155550666';
const NEW_YORK = '+12125550100';
const SALES = '+14155550202';
const SUPPORT = '+14155550303';
const COPY = '+14155550404';

/** Where the flow's JSON webhooks land: every request with its body and whether its signature (bodySHA256) is valid. */
class JsonHooks {
  readonly received: { path: string; body: Record<string, unknown>; signatureValid: boolean }[] = [];
  readonly answers = new Map<string, string>();
  private readonly server: Server;
  private port = 0;
  constructor() {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const url = new URL(req.url ?? '/', this.base);
        const signatureValid = twilio.validateRequestWithBody(AUTH_TOKEN, String(req.headers['x-twilio-signature'] ?? ''), url.href, body);
        const parsed: unknown = JSON.parse(body);
        this.received.push({ path: url.pathname, body: typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {}, signatureValid });
        res.writeHead(200, { 'content-type': 'application/json' }).end(this.answers.get(url.pathname) ?? '{}');
      });
    });
  }
  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }
  close(): Promise<void> {
    return closeServer(this.server);
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`masq flows on the sandbox (${dialect})`, () => {
    let api: Api;
    let app: TwimlApp;
    let hooks: JsonHooks;
    let smtp: SmtpPeer;
    let drop = async (): Promise<void> => {};
    let number = '';

    const ok = (res: Response, status = 200): Record<string, unknown> => {
      assert.equal(res.status, status, res.body);
      return res.json;
    };
    const place = async (from: string) => obj(ok(await api.post(`/sandbox/phones/${enc(from)}/calls`, { To: number }), 201), 'call');
    const act = async (sid: string, what: string, fields: Record<string, string | number | boolean> = {}) => ok(await api.post(`/sandbox/calls/${sid}/${what}`, fields));
    const heard = (call: Record<string, unknown>): string[] => list(call, 'heard_log').map((entry) => String(entry.text));
    const legTo = async (phone: string): Promise<Record<string, unknown>> => {
      const legs = list(ok(await api.get(`/sandbox/phones/${enc(phone)}/calls`)), 'calls').filter((c) => c.to === phone);
      const leg = legs.at(-1);
      assert.ok(leg, `a call leg rings at ${phone}`);
      return leg;
    };
    const inbox = async (phone: string): Promise<string[]> =>
      list(ok(await api.get(`/sandbox/phones/${enc(phone)}/messages`)), 'messages').filter((m) => m.to === phone).map((m) => String(m.body));

    before(async () => {
      const db = await suiteDatabase(dialect);
      drop = db.drop;
      smtp = await startSmtpPeer();
      api = await startApi({
        config: { callbackAllowPrivate: true, numberSweepIntervalMs: 0, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, ...(db.url !== null && { databaseUrl: db.url }) },
      });
      app = await new TwimlApp(() => AUTH_TOKEN).start();
      hooks = await new JsonHooks().start();
      const definition = {
        version: 1,
        start: { voice: 'screen', message: 'texts' },
        nodes: {
          screen: {
            type: 'route',
            rules: [{ when: { caller: { in: [BLOCKED] } }, next: 'nope' }, { when: { caller: { prefix: ['+1212'] } }, next: 'closed' }],
            otherwise: 'menu',
          },
          nope: { type: 'reject', reason: 'busy' },
          closed: { type: 'say', text: 'New York is closed today', next: 'bye' },
          bye: { type: 'hangup' },
          menu: { type: 'menu', prompt: 'Press 1 for the team, 2 for the desk, 3 to leave a message', options: { 1: 'team', 2: 'desk', 3: 'vm' } },
          team: { type: 'forward', to: [SALES, SUPPORT], strategy: 'simultaneous', timeout: 20 },
          desk: { type: 'sip', uri: 'sip:desk@pbx.invalid', next: 'ask' },
          ask: { type: 'webhook', url: app.url('/flow-voice') },
          vm: { type: 'voicemail', greeting: 'Leave a message', maxLength: 60, webhook: `${hooks.base}/voicemail`, email: ['ops@example.com'] },
          texts: { type: 'reply', text: 'Thanks, we got your message', next: 'copy' },
          copy: { type: 'forward-message', to: COPY, next: 'hook' },
          hook: { type: 'webhook-message', url: `${hooks.base}/sms`, next: 'mail' },
          mail: { type: 'email-message', to: ['texts@example.com'] },
        },
      };
      const flow = ok(await api.post('/masq/v1/Flows', { FriendlyName: 'everything', Definition: JSON.stringify(definition) }), 201);
      const offer = list(ok(await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/AvailablePhoneNumbers/US/Local.json?AreaCode=415&PageSize=1`)), 'available_phone_numbers')[0];
      const bought = ok(await api.post(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, { PhoneNumber: str(offer ?? {}, 'phone_number'), FlowSid: str(flow, 'sid') }), 201);
      number = str(bought, 'phone_number');
    });
    after(async () => {
      await hooks.close();
      await app.close();
      await api.close();
      await smtp.close();
      await drop();
    });

    test('routing by caller: a blocked caller is rejected busy; New York hears the announcement and the call hangs up', async () => {
      const blocked = await place(BLOCKED);
      assert.deepEqual([blocked.status, heard(blocked)], ['busy', []]);
      const ny = await place(NEW_YORK);
      assert.deepEqual([ny.status, heard(ny)], ['completed', ['New York is closed today']]);
    });

    test('a menu, then a simultaneous forward: the phone that answers takes the call, the other stops ringing', async () => {
      const call = await place(CALLER);
      assert.deepEqual(heard(call), ['Press 1 for the team, 2 for the desk, 3 to leave a message']);
      await act(str(call, 'sid'), 'digits', { Digits: '1' });
      const [sales, support] = [await legTo(SALES), await legTo(SUPPORT)];
      assert.deepEqual([sales.status, support.status, support.from], ['ringing', 'ringing', CALLER]);
      await act(str(support, 'sid'), 'answer');
      assert.notEqual((await legTo(SALES)).status, 'ringing');
      await act(str(support, 'sid'), 'hangup');
      assert.equal(ok(await api.get(`/sandbox/calls/${str(call, 'sid')}`)).status, 'completed');
    });

    test('a SIP dial fails on the sandbox, and the flow asks the owner\'s app, whose TwiML the caller hears', async () => {
      app.answer('/flow-voice', twiml('<Say>Hello from the app</Say><Hangup/>'));
      const call = await place(CALLER);
      const done = await act(str(call, 'sid'), 'digits', { Digits: '2' });
      assert.deepEqual([done.status, heard(done).at(-1)], ['completed', 'Hello from the app']);
      const [asked] = app.to('/flow-voice');
      assert.deepEqual([asked?.params.CallSid, asked?.params.From, asked?.signatureValid], [call.sid, CALLER, true]);
    });

    test('a voicemail: recorded, POSTed as signed JSON, and emailed with the WAV attached', async () => {
      const call = await place(CALLER);
      await act(str(call, 'sid'), 'digits', { Digits: '3' });
      const left = await act(str(call, 'sid'), 'voicemail', { Text: 'Please call me back', Seconds: 3 });
      assert.equal(left.status, 'completed');
      await runDueJobs(api.runtime.deps, JOB_HANDLERS, 100);
      const delivered = hooks.received.find((r) => r.path === '/voicemail');
      assert.ok(delivered?.signatureValid, 'signed with bodySHA256');
      assert.deepEqual([delivered.body.event_type, delivered.body.from, delivered.body.to, delivered.body.call_sid, delivered.body.recording_duration, delivered.body.transcript],
        ['voicemail.recorded', CALLER, number, call.sid, 3, 'Please call me back']);
      const recordingSid = String(delivered.body.recording_sid);
      const recording = ok(await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}.json`));
      assert.equal(recording.call_sid, call.sid);
      const mail = smtp.received.find((m) => m.to.includes('ops@example.com'));
      assert.ok(mail, 'the voicemail was emailed');
      const wav = attachmentOf(mail.raw, `${recordingSid}.wav`);
      assert.equal(wav?.contentType, 'audio/wav');
      assert.equal(wav?.data.subarray(0, 4).toString('latin1'), 'RIFF');
    });

    test('a message: replied to, forwarded, POSTed to the webhook whose reply is sent at once, and emailed', async () => {
      hooks.answers.set('/sms', JSON.stringify({ reply: 'A person will text you soon' }));
      ok(await api.post(`/sandbox/phones/${enc(CALLER)}/messages`, { To: number, Body: 'Is the shop open?' }), 201);
      assert.deepEqual(await inbox(CALLER), ['Thanks, we got your message', 'A person will text you soon']);
      assert.deepEqual(await inbox(COPY), [`From ${CALLER}: Is the shop open?`]);
      const posted = hooks.received.find((r) => r.path === '/sms');
      assert.ok(posted?.signatureValid);
      assert.deepEqual([posted.body.from, posted.body.to, posted.body.body, posted.body.flow_node], [CALLER, number, 'Is the shop open?', 'hook']);
      const mail = smtp.received.find((m) => m.to.includes('texts@example.com'));
      assert.ok(mail?.raw.includes('Is the shop open?'));
    });
  });
}
