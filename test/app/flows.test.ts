// Flows as their owner manages them, on a real store (SQLite and PostgreSQL): every save a new revision,
// concurrent saves from the same revision (exactly one wins), refused definitions with their pointers,
// attaching a flow to a number (the account's own flows only, an existing revision only), deleting
// (refused while a number uses the flow, naming it), and the dry-run of a chosen revision.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deleteFlow } from '../../src/app/flows/delete-flow.ts';
import { dryRunFlow, type DryRunRequest } from '../../src/app/flows/dry-run-flow.ts';
import { FlowDefinitionInvalid } from '../../src/app/flows/flow-definition.ts';
import { fetchFlow, fetchFlowRevision, listFlowRevisions, listFlows } from '../../src/app/flows/flow-reads.ts';
import { createFlow, updateFlow } from '../../src/app/flows/save-flow.ts';
import { updateIncomingNumber } from '../../src/app/incoming-numbers.ts';
import { AppError } from '../../src/domain/errors.ts';
import { parseNumberConfig } from '../../src/domain/number-config.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount, anInventoryNumber } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const say = (text: string) => ({ version: 1, start: 'hello', nodes: { hello: { type: 'say', text } } });
const PAGE = { pageSize: 50 };

const rejects = async (work: Promise<unknown>, code: string, message?: RegExp): Promise<void> => {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
};

for (const s of STORES) {
  describe(`flows (${s.name})`, () => {
    let store: Store;
    let deps: ReturnType<typeof testDeps>;
    let accountSid = '';
    let otherSid = '';

    before(async () => {
      store = await s.open();
      deps = testDeps(store);
      const account = anAccount();
      const other = anAccount();
      await store.upsertAccount(account);
      await store.upsertAccount(other);
      accountSid = account.sid;
      otherSid = other.sid;
    });
    after(async () => { await store.close(); });

    test('every save is a new revision; each stays readable', async () => {
      const { flow } = await createFlow(deps, accountSid, { friendlyName: 'Front desk', definition: say('one'), commitMessage: 'first' });
      assert.match(flow.sid, /^FW[0-9a-f]{32}$/);
      assert.equal(flow.latestRevision, 1);
      deps.clock.advance(60);
      const second = await updateFlow(deps, accountSid, flow.sid, { definition: JSON.stringify(say('two')), commitMessage: 'louder', expectedRevision: 1, friendlyName: 'Desk' });
      assert.deepEqual([second.flow.latestRevision, second.flow.friendlyName, second.revision.revision], [2, 'Desk', 2]);
      const latest = await fetchFlow(deps, accountSid, flow.sid);
      assert.deepEqual(JSON.parse(latest.revision.definition), say('two'));
      assert.equal(latest.revision.commitMessage, 'louder');
      const first = await fetchFlowRevision(deps, accountSid, flow.sid, 1);
      assert.deepEqual(JSON.parse(first.revision.definition), say('one'));
      assert.deepEqual((await listFlowRevisions(deps, accountSid, flow.sid, PAGE)).items.map((r) => r.revision), [1, 2]);
      assert.ok((await listFlows(deps, accountSid, PAGE)).items.some((f) => f.sid === flow.sid));
      await rejects(fetchFlow(deps, otherSid, flow.sid), 'not-found');
      await rejects(fetchFlowRevision(deps, accountSid, flow.sid, 3), 'not-found');
    });

    test('a save based on an old revision is refused; of two concurrent saves exactly one wins', async () => {
      const { flow } = await createFlow(deps, accountSid, { friendlyName: 'Race', definition: say('a'), commitMessage: null });
      await updateFlow(deps, accountSid, flow.sid, { definition: say('b'), commitMessage: null, expectedRevision: null, friendlyName: null });
      await rejects(updateFlow(deps, accountSid, flow.sid, { definition: say('c'), commitMessage: null, expectedRevision: 1, friendlyName: null }), 'flow-revision-conflict', /is at revision 2, not 1/);
      const saves = await Promise.allSettled(['x', 'y', 'z'].map((text) =>
        updateFlow(deps, accountSid, flow.sid, { definition: say(text), commitMessage: text, expectedRevision: 2, friendlyName: null })));
      const won = saves.filter((r) => r.status === 'fulfilled');
      const lost = saves.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      assert.equal(won.length, 1);
      assert.ok(lost.every((err) => err instanceof AppError && err.code === 'flow-revision-conflict'));
      const revisions = await listFlowRevisions(deps, accountSid, flow.sid, PAGE);
      assert.deepEqual(revisions.items.map((r) => r.revision), [1, 2, 3]);
    });

    test('a bad definition is refused with every problem and nothing is saved', async () => {
      const bad = { version: 1, start: 'menu', nodes: { menu: { type: 'menu', prompt: 'Press 1', options: { 1: 'sales' } } } };
      await assert.rejects(createFlow(deps, accountSid, { friendlyName: 'Bad', definition: bad, commitMessage: null }), (err: unknown) => {
        assert.ok(err instanceof FlowDefinitionInvalid);
        assert.equal(err.twilioCode, 81022);
        assert.deepEqual(err.problems, [{ pointer: '/nodes/menu/options/1', message: 'unknown node "sales"' }]);
        assert.equal(err.message, 'Flow definition validation failed: /nodes/menu/options/1: unknown node "sales"');
        return true;
      });
      await assert.rejects(createFlow(deps, accountSid, { friendlyName: 'Bad', definition: '{"version":', commitMessage: null }), FlowDefinitionInvalid);
      await rejects(createFlow(deps, accountSid, { friendlyName: ' ', definition: say('x'), commitMessage: null }), 'parameter-invalid', /FriendlyName/);
    });

    test('a number takes the account\'s own flow and an existing revision; a flow in use is not deleted', async () => {
      const { flow } = await createFlow(deps, accountSid, { friendlyName: 'Attached', definition: say('hi'), commitMessage: null });
      const foreign = await createFlow(deps, otherSid, { friendlyName: 'Theirs', definition: say('hi'), commitMessage: null });
      const number = anInventoryNumber(accountSid);
      await store.createInventoryNumber(number);
      const attach = async (form: Record<string, string>) => updateIncomingNumber(deps, accountSid, number.sid, { config: parseNumberConfig(form) }, accountSid);

      await rejects(attach({ FlowSid: foreign.flow.sid }), 'parameter-invalid', /No flow FW[0-9a-f]+ in this account/);
      await rejects(attach({ FlowSid: 'FW123' }), 'parameter-invalid', /'FlowSid' is invalid/);
      await rejects(attach({ FlowSid: flow.sid, FlowRevision: '2' }), 'parameter-invalid', /has revisions 1 to 1/);
      const attached = await attach({ FlowSid: flow.sid, FlowRevision: '1' });
      assert.deepEqual([attached.config.flowSid, attached.config.flowRevision], [flow.sid, 1]);
      const following = await attach({ FlowRevision: '' });
      assert.deepEqual([following.config.flowSid, following.config.flowRevision], [flow.sid, null]);

      await rejects(deleteFlow(deps, accountSid, flow.sid), 'flow-in-use', new RegExp(`answers 1 number\\(s\\): \\${number.phoneNumber} \\(${number.sid}\\)`));
      const sub = anAccount({ ownerAccountSid: accountSid });
      await store.createAccount(sub);
      const move = async (config: Record<string, string>) =>
        updateIncomingNumber(deps, accountSid, number.sid, { config: parseNumberConfig(config), accountSid: sub.sid }, accountSid);
      await rejects(move({}), 'parameter-invalid', /is answered by flow FW[0-9a-f]{32}: detach it \(FlowSid=\) before moving it/);
      const detached = await attach({ FlowSid: '' });
      assert.deepEqual([detached.config.flowSid, detached.config.flowRevision], [null, null]);
      await deleteFlow(deps, accountSid, flow.sid);
      await rejects(fetchFlow(deps, accountSid, flow.sid), 'not-found');
      await rejects(deleteFlow(deps, accountSid, flow.sid), 'not-found');
      await rejects(attach({ FlowSid: flow.sid }), 'parameter-invalid', /No flow/);
    });

    test('the dry-run plays a chosen revision at a chosen time', async () => {
      const hours = (from: string) => ({
        version: 1,
        start: 'hours',
        nodes: {
          hours: { type: 'route', rules: [{ when: { time: { timezone: 'Europe/Paris', from, to: '18:00' } }, next: 'open' }], otherwise: 'closed' },
          open: { type: 'say', text: 'open' },
          closed: { type: 'voicemail' },
        },
      });
      const { flow } = await createFlow(deps, accountSid, { friendlyName: 'Hours', definition: hours('09:00'), commitMessage: null });
      await updateFlow(deps, accountSid, flow.sid, { definition: hours('10:00'), commitMessage: null, expectedRevision: 1, friendlyName: null });
      const request: DryRunRequest = {
        channel: null, from: '+33612345678', to: null, at: new Date('2026-12-07T08:30:00Z'), digits: null, attestation: null, body: null, dialStatus: null, revision: null,
      };
      // 09:30 in Paris (UTC+1 in December): open from 09:00 in revision 1, closed until 10:00 in revision 2.
      const latest = await dryRunFlow(deps, accountSid, flow.sid, request);
      assert.deepEqual([latest.revision.revision, latest.result.path.map((p) => p.node)], [2, ['hours', 'closed']]);
      const first = await dryRunFlow(deps, accountSid, flow.sid, { ...request, revision: 1 });
      assert.deepEqual([first.revision.revision, first.result.path.map((p) => p.node)], [1, ['hours', 'open']]);
      await rejects(dryRunFlow(deps, accountSid, flow.sid, { ...request, from: '0612345678' }), 'parameter-invalid', /'From' is invalid/);
      await rejects(dryRunFlow(deps, accountSid, flow.sid, { ...request, digits: '1,x' }), 'parameter-invalid', /'Digits' is invalid/);
      await rejects(dryRunFlow(deps, accountSid, flow.sid, { ...request, dialStatus: 'maybe' }), 'parameter-invalid', /'DialStatus' is invalid/);
    });
  });
}
