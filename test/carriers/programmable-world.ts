// A carrier world (harness.ts) set up for programmable numbers: the owner's TwiML app and JSON endpoint on
// loopback (both checking X-Twilio-Signature under the account's auth token), a real SMTP server on
// loopback that masq's mailer delivers to, recordings kept in memory, and the masq API calls a customer
// makes: a flow created and attached, a number's SmsUrl / VoiceUrl set, the call log read back.
import assert from 'node:assert/strict';
import type { AppDeps } from '../../src/app/deps.ts';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { runDueJobs, type JobPass } from '../../src/app/run-jobs.ts';
import { DEFAULT_NUMBER_CONFIG } from '../../src/domain/inventory-number.ts';
import { readVoiceTwiml } from '../../src/domain/twiml/read-twiml.ts';
import type { VoiceVerb } from '../../src/domain/twiml/verbs.ts';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { MemoryRecordingStorage } from '../../src/storage/recording-memory.ts';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, str } from '../api/support.ts';
import { anInventoryNumber } from '../support/fixtures.ts';
import { JsonHooks } from '../support/json-hooks.ts';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';
import { TwimlApp } from '../support/twiml-app.ts';
import type { CarrierDriver, DriverInstance, HttpReply } from './drivers/driver.ts';
import { inWorld, PUBLIC_URL, type Database, type World } from './harness.ts';

export type Fields = Readonly<Record<string, string | readonly string[]>>;

/** A call or message's record in the call log, with its events, as GET /masq/v1/NumberTraffic/{NT} shows it. */
export interface TrafficView {
  readonly record: Record<string, unknown>;
  readonly events: readonly Record<string, unknown>[];
}

export interface ProgrammableWorld {
  readonly w: World;
  readonly carrier: DriverInstance;
  /** The owner's TwiML app (VoiceUrl, SmsUrl, a flow's webhook node, a Messaging service's inbound URL). */
  readonly app: TwimlApp;
  /** The owner's JSON endpoint (a flow's webhook-message and voicemail webhooks). */
  readonly hooks: JsonHooks;
  readonly smtp: SmtpPeer;
  readonly storage: MemoryRecordingStorage;
  /** masq's API as the account calls it; fails the test on any status but `status`. */
  api(method: 'GET' | 'POST', path: string, fields?: Fields, status?: number): Promise<Record<string, unknown>>;
  /** Runs the durable jobs that are due (callbacks, voicemail webhooks) with the world's own dependencies. */
  runJobs(): Promise<JobPass>;
  /** A flow created through the API from `definition`: its FW sid. */
  flow(definition: unknown): Promise<string>;
  /** `e164` in the account's inventory on this world's carrier, set up through the 2010 API with `fields` (FlowSid, SmsUrl...): its PN sid. */
  number(e164: string, fields: Fields): Promise<string>;
  /** The latest call-log record of `e164`, with its events. */
  traffic(e164: string): Promise<TrafficView>;
}

const INCOMING = `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers`;

const expectStatus = (reply: HttpReply, status: number, what: string): Record<string, unknown> => {
  assert.equal(reply.status, status, `${what}: ${reply.body}`);
  return reply.json;
};

/**
 * Runs `scenario` in a world of `driver` on `db`, with the owner's endpoints and a mail server around it.
 * masq may call loopback (the owner's endpoints) and mails through the SMTP server.
 */
export const inProgrammableWorld = async (db: Database, driver: CarrierDriver, scenario: (p: ProgrammableWorld) => Promise<void>): Promise<void> => {
  const smtp = await startSmtpPeer();
  const app = await new TwimlApp(() => AUTH_TOKEN).start();
  const hooks = await new JsonHooks(AUTH_TOKEN).start();
  const storage = new MemoryRecordingStorage();
  let deps: AppDeps | null = null;
  const depsOf = (runtime: AppDeps): AppDeps => {
    deps = {
      ...runtime,
      webhooks: createHttpWebhookSender({ allowPrivate: true, userAgent: 'masq/test' }),
      recordingStorage: storage,
      mailer: createSmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'masq@example.com' }),
    };
    return deps;
  };
  try {
    await inWorld(db, [driver], async (w) => {
      const [carrier] = w.carriers;
      assert.ok(carrier);
      const api = async (method: 'GET' | 'POST', path: string, fields: Fields = {}, status = method === 'POST' ? 201 : 200) =>
        expectStatus(await w.masq.api(method, path, fields), status, `${method} ${path}`);
      await scenario({
        w, carrier, app, hooks, smtp, storage, api,
        runJobs: async () => {
          assert.ok(deps, 'the world is running');
          return runDueJobs(deps, JOB_HANDLERS, 100);
        },
        flow: async (definition) => str(await api('POST', '/masq/v1/Flows', { FriendlyName: 'e2e', Definition: JSON.stringify(definition) }), 'sid'),
        number: async (e164, fields) => {
          const number = anInventoryNumber(ACCOUNT_SID, e164, { carrier: carrier.accountName, config: DEFAULT_NUMBER_CONFIG });
          await w.masq.runtime.deps.store.createInventoryNumber(number);
          await api('POST', `${INCOMING}/${number.sid}.json`, fields, 200);
          return number.sid;
        },
        traffic: async (e164) => {
          const page = await api('GET', `/masq/v1/NumberTraffic?PhoneNumber=${encodeURIComponent(e164)}&PageSize=100`);
          const latest = list(page, 'number_traffic').at(-1);
          assert.ok(latest, `a call-log record for ${e164}`);
          const record = await api('GET', `/masq/v1/NumberTraffic/${str(latest, 'sid')}`);
          return { record, events: list(record, 'events') };
        },
      });
    }, depsOf);
  } finally {
    await hooks.close();
    await app.close();
    await smtp.close();
  }
};

/** The verbs of masq's answer, as a TwiML reader sees them (TeXML included: it keeps TwiML's names). */
export const verbsOf = (reply: HttpReply, what: string): readonly VoiceVerb[] => {
  assert.equal(reply.status, 200, `${what}: ${reply.body}`);
  assert.match(reply.contentType, /xml/, what);
  const read = readVoiceTwiml(reply.body);
  assert.equal(read.kind, 'ok', `${what}: ${JSON.stringify(read)}`);
  return read.kind === 'ok' ? read.verbs : [];
};

/** A continuation masq handed the carrier: its step URL under the account's webhook base. */
export const stepUrlOf = (url: string | undefined, account: string): string => {
  assert.ok(url !== undefined && url.startsWith(`${PUBLIC_URL}/webhooks/${account}/program?Step=`), `a step URL, got ${url}`);
  return url;
};

/** The carrier's step callback (a carrier with webhooks has one). */
export const stepCallbackOf = (carrier: DriverInstance): NonNullable<DriverInstance['stepCallback']> => {
  const { stepCallback } = carrier;
  assert.ok(stepCallback, `${carrier.accountName} calls webhooks`);
  return stepCallback;
};

/** The kinds of a record's events, in order. */
export const kindsOf = (view: TrafficView): string[] => view.events.map((e) => String(e.kind));

/** The `data.node: data.why` of its flow steps, in order. */
export const flowStepsOf = (view: TrafficView): string[] => view.events
  .filter((e) => e.kind === 'flow-step')
  .map((e) => {
    const data = typeof e.data === 'object' && e.data !== null ? Object.fromEntries(Object.entries(e.data)) : {};
    return `${String(data.node)}: ${String(data.why)}`;
  });
