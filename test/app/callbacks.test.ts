// The three customer callbacks as the application sees them: exact §6.1 parameters, the intercept's
// 403-only veto, and every kind of out-of-session answer, through a recording webhook sender.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enqueueInteractionCallback, interactionCallbackParams } from '../../src/app/callbacks/interaction-callback.ts';
import { askIntercept } from '../../src/app/callbacks/intercept.ts';
import { askOutOfSession } from '../../src/app/callbacks/out-of-session.ts';
import type { Account } from '../../src/domain/account.ts';
import type { Interaction } from '../../src/domain/interaction.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Store } from '../../src/ports/store.ts';
import { WebhookError } from '../../src/ports/webhook-sender.ts';
import { testDeps } from '../support/app-deps.ts';
import { aParticipant, aService, aSession, anAccount, anInteraction, at } from '../support/fixtures.ts';
import { callbackOf } from '../support/jobs.ts';
import { openSqliteTestStore } from '../support/stores.ts';

const KI = `KI${'a'.repeat(32)}`;
const KC = `KC${'b'.repeat(32)}`;
const KS = `KS${'c'.repeat(32)}`;
const AC = `AC${'d'.repeat(32)}`;
const KP1 = `KP${'1'.repeat(32)}`;
const KP2 = `KP${'2'.repeat(32)}`;

const voiceInteraction: Interaction = {
  sid: KI, sessionSid: KC, serviceSid: KS, accountSid: AC, type: 'voice', data: null, participantSid: null,
  inbound: { participantSid: KP1, resourceSid: 'CA01', resourceType: 'Call', resourceStatus: 'in-progress', resourceUrl: 'https://api.example/Calls/CA01.json' },
  outbound: { participantSid: KP2, resourceSid: 'CA02', resourceType: 'Call', resourceStatus: 'initiated', resourceUrl: null },
  dateCreated: new Date('2018-03-13T22:42:54.123Z'), dateUpdated: new Date('2018-03-13T22:42:56Z'),
};

describe('CallbackUrl parameters (§6.1)', () => {
  test('every parameter, camelCase, with Twilio-shaped values; unknown values are empty', () => {
    assert.deepEqual(interactionCallbackParams(voiceInteraction), {
      interactionSid: KI, interactionSessionSid: KC, interactionServiceSid: KS, interactionAccountSid: AC,
      interactionType: 'Voice', interactionData: '',
      interactionDateCreated: '2018-03-13T22:42:54Z', interactionDateUpdated: '2018-03-13T22:42:56Z',
      inboundParticipantSid: KP1, inboundResourceSid: 'CA01', inboundResourceType: 'call', inboundResourceStatus: 'in-progress',
      inboundResourceUrl: 'https://api.example/Calls/CA01.json',
      outboundParticipantSid: KP2, outboundResourceSid: 'CA02', outboundResourceType: 'call', outboundResourceStatus: 'initiated',
      outboundResourceUrl: '',
    });
  });

  test('a message carries its JSON data and the Message type', () => {
    const params = interactionCallbackParams({ ...voiceInteraction, type: 'message', data: '{"body":"hi"}' });
    assert.equal(params.interactionType, 'Message');
    assert.equal(params.interactionData, '{"body":"hi"}');
    assert.equal(interactionCallbackParams({ ...voiceInteraction, type: 'unknown' }).interactionType, 'Unknown');
  });

  test('without the outbound leg (the intercept callback), no outbound* parameter at all', () => {
    const params = interactionCallbackParams(voiceInteraction, { includeOutbound: false });
    assert.deepEqual(Object.keys(params).filter((k) => k.startsWith('outbound')), []);
    assert.equal(params.inboundResourceSid, 'CA01');
  });
});

describe('callbacks through the application layer', () => {
  let store: Store;
  let account: Account;
  const deps = () => testDeps(store);
  before(async () => {
    store = await openSqliteTestStore();
    account = anAccount();
    await store.upsertAccount(account);
  });
  after(() => store.close());

  const serviceWith = (o: Partial<Service>): Service => aService(account, o);

  test('enqueueInteractionCallback writes one due callback job in the transaction, none without a CallbackUrl', async () => {
    const d = deps();
    const service = serviceWith({ callbackUrl: 'https://app.example/cb?x=1' });
    const interaction = anInteraction(aSession(service));
    await store.transaction((tx) => enqueueInteractionCallback(d, tx, service, interaction));
    await store.transaction((tx) => enqueueInteractionCallback(d, tx, serviceWith({ callbackUrl: null }), interaction));
    const entries = (await store.listJobs(account.sid, { limit: 10 })).filter((e) => callbackOf(e).params.interactionSid === interaction.sid);
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.ok(entry);
    assert.deepEqual(
      { kind: entry.kind, callback: callbackOf(entry), attempts: entry.attempts, next: entry.nextAttemptAt, done: entry.doneAt },
      { kind: 'callback', callback: { url: 'https://app.example/cb?x=1', params: interactionCallbackParams(interaction) }, attempts: 0, next: d.clock.now(), done: null },
    );
  });

  test('a rolled-back transaction leaves no callback behind', async () => {
    const service = serviceWith({ callbackUrl: 'https://app.example/rolled-back' });
    await assert.rejects(store.transaction(async (tx) => {
      await enqueueInteractionCallback(deps(), tx, service, anInteraction(aSession(service)));
      throw new Error('the interaction failed');
    }));
    assert.ok(!(await store.listJobs(account.sid, { limit: 100 })).some((e) => callbackOf(e).url === 'https://app.example/rolled-back'));
  });

  describe('InterceptCallbackUrl', () => {
    const url = 'https://app.example/intercept';
    const ask = async (answer: { status: number } | WebhookError | null, service = serviceWith({ interceptCallbackUrl: url })) => {
      const d = deps();
      if (answer instanceof WebhookError) d.webhooks.answers.set(url, answer);
      else if (answer) d.webhooks.answers.set(url, { status: answer.status, contentType: 'text/plain', body: '' });
      return { result: await askIntercept(d, service, voiceInteraction), sent: d.webhooks.requests };
    };

    test('no URL: allowed without a request', async () => {
      const { result, sent } = await ask(null, serviceWith({ interceptCallbackUrl: null }));
      assert.deepEqual(result, { allowed: true, status: null, error: null });
      assert.equal(sent.length, 0);
    });

    test('403 blocks; the request is signed with the account token and has no outbound leg', async () => {
      const { result, sent } = await ask({ status: 403 });
      assert.deepEqual(result, { allowed: false, status: 403, error: null });
      assert.equal(sent[0]?.authToken, account.authToken);
      assert.equal(sent[0]?.timeoutMs, 200);
      assert.deepEqual(sent[0]?.params, interactionCallbackParams(voiceInteraction, { includeOutbound: false }));
    });

    test('200, 500 and 404 let the interaction through', async () => {
      for (const status of [200, 500, 404]) assert.deepEqual((await ask({ status })).result, { allowed: true, status, error: null });
    });

    test('a timeout or a network error lets it through, with the reason', async () => {
      const timedOut = await ask(new WebhookError('timeout', 'no answer within 200 ms'));
      assert.deepEqual(timedOut.result, { allowed: true, status: null, error: 'timeout: no answer within 200 ms' });
      const refused = await ask(new WebhookError('network', 'ECONNREFUSED'));
      assert.deepEqual(refused.result, { allowed: true, status: null, error: 'network: ECONNREFUSED' });
    });
  });

  describe('OutOfSessionCallbackUrl', () => {
    const url = 'https://app.example/oos';
    const event: InboundEvent = {
      channel: 'message', carrier: 'twilio', resourceSid: 'SM1', from: '+14155550100', to: '+14155550199', body: 'hello?', mediaUrls: [],
      carrierParams: { From: '+14155550100', To: '+14155550199', Body: 'hello?', MessageSid: 'SM1', AccountSid: 'ACx' },
    };
    const ask = async (answer: { status: number; contentType: string | null; body: string } | WebhookError | null, service = serviceWith({ outOfSessionCallbackUrl: url })) => {
      const d = deps();
      if (answer) d.webhooks.answers.set(url, answer);
      return { result: await askOutOfSession(d, service, event, null), sent: d.webhooks.requests };
    };

    test('no URL: the default, without a request', async () => {
      const { result, sent } = await ask(null, serviceWith({ outOfSessionCallbackUrl: null }));
      assert.deepEqual(result, { kind: 'default' });
      assert.equal(sent.length, 0);
    });

    test('TwiML comes back as is; the carrier parameters go out as they came, signed', async () => {
      const twiml = '<?xml version="1.0"?><Response><Message>Session over</Message></Response>';
      for (const contentType of ['application/xml', 'text/xml; charset=utf-8']) {
        const { result, sent } = await ask({ status: 200, contentType, body: twiml });
        assert.deepEqual(result, { kind: 'markup', contentType, body: twiml });
        assert.deepEqual(sent[0]?.params, event.carrierParams);
        assert.equal(sent[0]?.authToken, account.authToken);
      }
    });

    test('JSON asks for a session to be created', async () => {
      const body = JSON.stringify({
        uniqueName: 'rebooked', mode: 'message-only', ttl: '600', dateExpiry: '2030-01-02T03:04:05Z',
        participantIdentifier: '+14155550111', participantProxyIdentifier: '+14155550199', participantFriendlyName: 'driver',
      });
      const { result } = await ask({ status: 201, contentType: 'application/json; charset=utf-8', body });
      assert.deepEqual(result, {
        kind: 'create',
        request: {
          uniqueName: 'rebooked', mode: 'message-only', ttl: 600, dateExpiry: new Date('2030-01-02T03:04:05Z'),
          participantIdentifier: '+14155550111', participantProxyIdentifier: '+14155550199', participantFriendlyName: 'driver',
        },
      });
      const minimal = await ask({ status: 200, contentType: 'application/json', body: '{"participantIdentifier":"+14155550111"}' });
      assert.deepEqual(minimal.result, { kind: 'create', request: { participantIdentifier: '+14155550111' } });
    });

    test('unusable JSON falls back to the default', async () => {
      for (const body of ['{', '[]', '{"mode":"message-only"}', '{"participantIdentifier":"+1","mode":"video"}', '{"participantIdentifier":"+1","ttl":-1}']) {
        const { result } = await ask({ status: 200, contentType: 'application/json', body });
        assert.equal(result.kind, 'default', body);
        assert.match(result.kind === 'default' ? result.reason ?? '' : '', /unusable auto-create answer/);
      }
    });

    test('a non-2xx answer is 80913 and the default applies', async () => {
      const { result } = await ask({ status: 500, contentType: 'application/xml', body: '<Response/>' });
      assert.deepEqual(result, { kind: 'default', code: 'out-of-session-callback-failed', reason: 'OutOfSessionCallbackUrl answered HTTP 500' });
    });

    test('a timeout, a network error or an unknown content type: the default', async () => {
      assert.deepEqual((await ask(new WebhookError('timeout', 'slow'))).result, { kind: 'default', reason: 'timeout: slow' });
      assert.deepEqual((await ask(new WebhookError('network', 'reset'))).result, { kind: 'default', reason: 'network: reset' });
      assert.equal((await ask({ status: 200, contentType: 'text/plain', body: 'ok' })).result.kind, 'default');
      assert.equal((await ask({ status: 204, contentType: null, body: '' })).result.kind, 'default');
    });

    test('a previous closed session adds session* and both participants', async () => {
      const d = deps();
      const service = serviceWith({ outOfSessionCallbackUrl: url });
      const session = aSession(service, { status: 'closed', closedReason: 'ttl', ttl: 3600, dateEnded: at(60), uniqueName: null });
      const inbound = aParticipant(session, '+14155550199', { identifier: '+14155550100', friendlyName: 'rider' });
      await askOutOfSession(d, service, event, { session, inbound, outbound: null });
      const params = d.webhooks.requests[0]?.params ?? {};
      assert.equal(params.Body, 'hello?');
      assert.deepEqual(
        [params.sessionSid, params.sessionStatus, params.sessionClosedReason, params.sessionTtl, params.sessionUniqueName, params.sessionDateEnded],
        [session.sid, 'closed', 'ttl', '3600', '', at(60).toISOString().replace(/\.\d{3}Z$/, 'Z')],
      );
      assert.deepEqual(
        [params.inboundParticipantSid, params.inboundParticipantIdentifier, params.inboundParticipantFriendlyName, params.inboundParticipantProxyIdentifier, params.inboundParticipantSessionSid],
        [inbound.sid, '+14155550100', 'rider', '+14155550199', session.sid],
      );
      assert.ok(!Object.keys(params).some((k) => k.startsWith('outboundParticipant')), 'no partner, no outboundParticipant*');
      const outbound = aParticipant(session, '+14155550198');
      await askOutOfSession(d, service, event, { session, inbound, outbound });
      assert.equal(d.webhooks.requests[1]?.params.outboundParticipantSid, outbound.sid);
      assert.equal(d.webhooks.requests[1]?.params.outboundParticipantDateCreated, '2025-03-04T05:06:07Z');
    });
  });
});
