// The programmable-numbers repositories (migration 019) on both databases: traffic records and their
// events (with concurrent appends), flows and their optimistic revisions, recordings.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Flow, FlowRevision } from '../../src/domain/flows/flow-record.ts';
import type { Recording } from '../../src/domain/programmable/recording.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { revisionCursor } from '../../src/storage/flows-repo.ts';
import { anAccount, at, sid, usNumber } from '../support/fixtures.ts';
import { openWithAccount } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const aTraffic = (accountSid: string, o: Partial<NumberTraffic> = {}): NumberTraffic => ({
  sid: sid('numberTraffic'), accountSid, numberSid: sid('phoneNumber'), phoneNumber: usNumber(), channel: 'voice', carrier: 'sandbox',
  resourceSid: sid('call'), from: usNumber(), to: usNumber(), body: '', application: 'app', attestation: 'A', flowSid: null, flowRevision: null,
  status: 'ringing', durationSeconds: null, dateCreated: at(0), dateUpdated: at(0), ...o,
});

const anEvent = (detail: string, o: Partial<NewTrafficEvent> = {}): NewTrafficEvent => ({
  at: at(1), kind: 'verb', detail, data: { verb: 'Say', text: detail }, ...o,
});

const aFlow = (accountSid: string, o: Partial<Flow> = {}): Flow => ({
  sid: sid('flow'), accountSid, friendlyName: 'Front desk', latestRevision: 1, dateCreated: at(0), dateUpdated: at(0), ...o,
});

const aRevision = (flow: Pick<Flow, 'sid' | 'accountSid'>, revision: number, o: Partial<FlowRevision> = {}): FlowRevision => ({
  flowSid: flow.sid, accountSid: flow.accountSid, revision, definition: `{"states":[],"rev":${revision}}`, commitMessage: `rev ${revision}`,
  dateCreated: at(revision), ...o,
});

const aRecording = (accountSid: string, o: Partial<Recording> = {}): Recording => ({
  sid: sid('recording'), accountSid, callSid: sid('call'), trafficSid: null, numberSid: null, source: 'voicemail', status: 'completed',
  durationSeconds: 7, channels: 1, contentType: 'audio/wav', sizeBytes: 112_044, storageKey: 'RE/abc.wav', from: usNumber(), transcript: 'hi',
  errorCode: null, startTime: at(0), dateCreated: at(0), dateUpdated: at(0), ...o,
});

const isInboundConflict = (err: unknown): boolean => err instanceof StoreConflict && err.kind === 'inbound-resource';

for (const s of STORES) {
  describe(`${s.name}: number traffic`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    it('stores a record with its first events, read back whole, and scopes it to its account', async () => {
      const t = aTraffic(accountSid, { flowSid: sid('flow'), flowRevision: 3, application: 'flow', durationSeconds: 4 });
      await store.insertTraffic(t, [anEvent('one'), anEvent('two', { kind: 'digits', data: {} })]);
      assert.deepEqual(await store.findTraffic(accountSid, t.sid), t);
      assert.deepEqual(await store.findTrafficByResource(t.carrier, t.resourceSid), t);
      assert.equal(await store.findTraffic(anAccount().sid, t.sid), null);
      assert.equal(await store.findTrafficByResource('twilio', t.resourceSid), null);
      assert.deepEqual(await store.listTrafficEvents(t.sid), [
        { trafficSid: t.sid, seq: 1, at: at(1), kind: 'verb', detail: 'one', data: { verb: 'Say', text: 'one' } },
        { trafficSid: t.sid, seq: 2, at: at(1), kind: 'digits', detail: 'two', data: {} },
      ]);
    });

    it('refuses a second record of one carrier resource with StoreConflict, writing nothing and keeping the transaction usable', async () => {
      const first = aTraffic(accountSid);
      await store.insertTraffic(first, []);
      const retry = aTraffic(accountSid, { resourceSid: first.resourceSid });
      const other = aTraffic(accountSid);
      await store.transaction(async (tx) => {
        await assert.rejects(tx.insertTraffic(retry, [anEvent('x')]), isInboundConflict);
        await tx.insertTraffic(other, [anEvent('y')]);
      });
      assert.equal(await store.findTraffic(accountSid, retry.sid), null);
      assert.deepEqual(await store.listTrafficEvents(retry.sid), []);
      assert.deepEqual(await store.findTraffic(accountSid, other.sid), other);
      await assert.rejects(store.insertTraffic(aTraffic(accountSid, { resourceSid: first.resourceSid }), []), isInboundConflict);
      // The same id from another carrier is another call.
      await store.insertTraffic(aTraffic(accountSid, { resourceSid: first.resourceSid, carrier: 'twilio-main' }), []);
    });

    it('updates only the fields a patch names', async () => {
      const t = aTraffic(accountSid);
      await store.insertTraffic(t, []);
      const updated = await store.updateTraffic(t.sid, { status: 'completed', durationSeconds: 42, dateUpdated: at(60) });
      assert.deepEqual(updated, { ...t, status: 'completed', durationSeconds: 42, dateUpdated: at(60) });
      const flowed = await store.updateTraffic(t.sid, { application: 'flow', flowSid: 'FWx', flowRevision: 2, dateUpdated: at(61) });
      assert.deepEqual(flowed, { ...t, status: 'completed', durationSeconds: 42, application: 'flow', flowSid: 'FWx', flowRevision: 2, dateUpdated: at(61) });
      assert.equal(await store.updateTraffic(sid('numberTraffic'), { status: 'completed', dateUpdated: at(1) }), null);
    });

    it('appends after the last event, inside a caller transaction too, and a rollback takes the append back', async () => {
      const t = aTraffic(accountSid);
      await store.insertTraffic(t, [anEvent('a')]);
      await store.appendTrafficEvents(t.sid, [anEvent('b'), anEvent('c')]);
      await store.appendTrafficEvents(t.sid, []);
      await store.transaction(async (tx) => { await tx.appendTrafficEvents(t.sid, [anEvent('d')]); });
      await assert.rejects(store.transaction(async (tx) => {
        await tx.appendTrafficEvents(t.sid, [anEvent('lost')]);
        throw new Error('step failed');
      }), /step failed/);
      const events = await store.listTrafficEvents(t.sid);
      assert.deepEqual(events.map((e) => [e.seq, e.detail]), [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']]);
    });

    it('numbers 20 concurrent appends to one record 1..20 without gaps or duplicates', async () => {
      const t = aTraffic(accountSid);
      await store.insertTraffic(t, []);
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.appendTrafficEvents(t.sid, [anEvent(`e${i}`)])));
      const events = await store.listTrafficEvents(t.sid);
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.deepEqual(new Set(events.map((e) => e.detail)), new Set(Array.from({ length: 20 }, (_, i) => `e${i}`)));
    });

    it('keeps each concurrent append of several events together, in its order', async () => {
      const t = aTraffic(accountSid);
      await store.insertTraffic(t, [anEvent('start')]);
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.appendTrafficEvents(t.sid, [anEvent(`${i}:1`), anEvent(`${i}:2`), anEvent(`${i}:3`)])));
      const events = await store.listTrafficEvents(t.sid);
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 25 }, (_, i) => i + 1));
      for (let k = 1; k < events.length; k += 3) {
        const group = events.slice(k, k + 3).map((e) => e.detail);
        const append = group[0]?.split(':')[0];
        assert.deepEqual(group, [`${append}:1`, `${append}:2`, `${append}:3`]);
      }
    });

    it('lists an account\'s records in creation order, paged, filtered by number and channel', async () => {
      const numberSid = sid('phoneNumber');
      const rows = [
        aTraffic(accountSid, { numberSid, dateCreated: at(1) }),
        aTraffic(accountSid, { numberSid, channel: 'message', body: 'hi', status: 'received', dateCreated: at(2) }),
        aTraffic(accountSid, { dateCreated: at(3) }),
        aTraffic(accountSid, { numberSid, dateCreated: at(4) }),
      ];
      for (const r of [...rows].reverse()) await store.insertTraffic(r, []);
      const other = anAccount();
      await store.upsertAccount(other);
      await store.insertTraffic(aTraffic(other.sid, { numberSid }), []);

      const first = await store.listTraffic(accountSid, {}, { pageSize: 3 });
      assert.deepEqual(first.items.map((x) => x.sid), rows.slice(0, 3).map((x) => x.sid));
      assert.equal(first.hasMore, true);
      const last = first.items[2];
      assert.ok(last);
      const second = await store.listTraffic(accountSid, {}, { pageSize: 3, after: last });
      assert.deepEqual(second.items.map((x) => x.sid), [rows[3]?.sid]);
      assert.equal(second.hasMore, false);

      const ofNumber = await store.listTraffic(accountSid, { numberSid }, { pageSize: 10 });
      assert.deepEqual(ofNumber.items.map((x) => x.sid), [rows[0], rows[1], rows[3]].map((x) => x?.sid));
      const calls = await store.listTraffic(accountSid, { numberSid, channel: 'voice' }, { pageSize: 10 });
      assert.deepEqual(calls.items.map((x) => x.sid), [rows[0], rows[3]].map((x) => x?.sid));
      const messages = await store.listTraffic(accountSid, { channel: 'message' }, { pageSize: 10 });
      assert.deepEqual(messages.items, [rows[1]]);
    });
  });

  describe(`${s.name}: flows`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    const givenFlow = async (): Promise<Flow> => {
      const flow = aFlow(accountSid);
      await store.createFlow(flow, aRevision(flow, 1));
      return flow;
    };

    it('creates a flow with its revision 1, scoped to its account', async () => {
      const flow = await givenFlow();
      assert.deepEqual(await store.findFlow(accountSid, flow.sid), flow);
      assert.deepEqual(await store.findFlowRevision(accountSid, flow.sid, 1), aRevision(flow, 1));
      assert.equal(await store.findFlowRevision(accountSid, flow.sid, 2), null);
      assert.equal(await store.findFlow(anAccount().sid, flow.sid), null);
      assert.equal(await store.findFlowRevision(anAccount().sid, flow.sid, 1), null);
    });

    it('adds a revision only while the latest is the one expected', async () => {
      const flow = await givenFlow();
      const moved = await store.addFlowRevision(accountSid, flow.sid, 1, aRevision(flow, 2), 'Renamed');
      assert.deepEqual(moved, { ...flow, latestRevision: 2, friendlyName: 'Renamed', dateUpdated: at(2) });
      assert.equal(await store.addFlowRevision(accountSid, flow.sid, 1, aRevision(flow, 2, { definition: '{"stale":true}' }), null), null);
      const kept = await store.addFlowRevision(accountSid, flow.sid, 2, aRevision(flow, 3), null);
      assert.equal(kept?.friendlyName, 'Renamed');
      assert.equal(kept?.latestRevision, 3);
      assert.deepEqual(await store.findFlowRevision(accountSid, flow.sid, 2), aRevision(flow, 2));
      assert.equal(await store.addFlowRevision(anAccount().sid, flow.sid, 3, aRevision(flow, 4), null), null);
      assert.equal(await store.addFlowRevision(accountSid, sid('flow'), 1, aRevision(flow, 2), null), null);
    });

    it('lets exactly one of two concurrent saves of the same revision through', async () => {
      const flow = await givenFlow();
      const saves = await Promise.all(['left', 'right'].map((who) =>
        store.addFlowRevision(accountSid, flow.sid, 1, aRevision(flow, 2, { commitMessage: who }), null)));
      assert.equal(saves.filter((f) => f !== null).length, 1);
      assert.equal((await store.findFlow(accountSid, flow.sid))?.latestRevision, 2);
      const revisions = await store.listFlowRevisions(accountSid, flow.sid, { pageSize: 10 });
      assert.deepEqual(revisions.items.map((r) => r.revision), [1, 2]);
    });

    it('pages revisions by number, both ways, and lists flows', async () => {
      const flow = await givenFlow();
      for (let r = 2; r <= 5; r++) assert.ok(await store.addFlowRevision(accountSid, flow.sid, r - 1, aRevision(flow, r), null));
      const first = await store.listFlowRevisions(accountSid, flow.sid, { pageSize: 2 });
      assert.deepEqual(first.items.map((r) => r.revision), [1, 2]);
      assert.equal(first.hasMore, true);
      const lastOfFirst = first.items[1];
      assert.ok(lastOfFirst);
      const second = await store.listFlowRevisions(accountSid, flow.sid, { pageSize: 2, after: revisionCursor(lastOfFirst) });
      assert.deepEqual(second.items.map((r) => r.revision), [3, 4]);
      const firstOfSecond = second.items[0];
      assert.ok(firstOfSecond);
      const back = await store.listFlowRevisions(accountSid, flow.sid, { pageSize: 2, before: revisionCursor(firstOfSecond) });
      assert.deepEqual(back.items.map((r) => r.revision), [1, 2]);
      const skipped = await store.listFlowRevisions(accountSid, flow.sid, { pageSize: 2, offset: 4 });
      assert.deepEqual(skipped.items.map((r) => r.revision), [5]);
      const forged = await store.listFlowRevisions(accountSid, flow.sid, { pageSize: 10, after: { dateCreated: at(0), sid: 'x' } });
      assert.equal(forged.items.length, 5);
      assert.deepEqual((await store.listFlowRevisions(anAccount().sid, flow.sid, { pageSize: 10 })).items, []);

      const another = aFlow(accountSid, { dateCreated: at(9), dateUpdated: at(9) });
      await store.createFlow(another, aRevision(another, 1));
      const flows = await store.listFlows(accountSid, { pageSize: 10 });
      assert.deepEqual(flows.items.map((f) => f.sid), [flow.sid, another.sid]);
    });

    it('deletes a flow with its revisions, only in its own account', async () => {
      const flow = await givenFlow();
      await store.addFlowRevision(accountSid, flow.sid, 1, aRevision(flow, 2), null);
      assert.equal(await store.deleteFlow(anAccount().sid, flow.sid), false);
      assert.ok(await store.findFlowRevision(accountSid, flow.sid, 2));
      assert.equal(await store.deleteFlow(accountSid, flow.sid), true);
      assert.equal(await store.findFlow(accountSid, flow.sid), null);
      assert.equal(await store.findFlowRevision(accountSid, flow.sid, 1), null);
      assert.equal(await store.deleteFlow(accountSid, flow.sid), false);
    });
  });

  describe(`${s.name}: recordings`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    it('stores a recording whole, scoped to its account', async () => {
      const r = aRecording(accountSid, { trafficSid: sid('numberTraffic'), numberSid: sid('phoneNumber'), errorCode: 13227, transcript: null });
      await store.insertRecording(r);
      assert.deepEqual(await store.findRecording(accountSid, r.sid), r);
      assert.equal(await store.findRecording(anAccount().sid, r.sid), null);
    });

    it('updates only the fields a patch names, in its own account', async () => {
      const r = aRecording(accountSid, { status: 'in-progress', storageKey: null, sizeBytes: 0 });
      await store.insertRecording(r);
      assert.equal(await store.updateRecording(anAccount().sid, r.sid, { status: 'completed', dateUpdated: at(5) }), null);
      const stored = await store.updateRecording(accountSid, r.sid, { status: 'completed', storageKey: 'k/1.wav', sizeBytes: 9, dateUpdated: at(5) });
      assert.deepEqual(stored, { ...r, status: 'completed', storageKey: 'k/1.wav', sizeBytes: 9, dateUpdated: at(5) });
      const deleted = await store.updateRecording(accountSid, r.sid, { status: 'deleted', storageKey: null, transcript: null, dateUpdated: at(6) });
      assert.deepEqual(deleted, { ...r, status: 'deleted', storageKey: null, sizeBytes: 9, transcript: null, dateUpdated: at(6) });
    });

    it('lists by call, traffic record and creation date, paged', async () => {
      const callSid = sid('call');
      const trafficSid = sid('numberTraffic');
      const rows = [
        aRecording(accountSid, { callSid, trafficSid, dateCreated: at(10) }),
        aRecording(accountSid, { callSid, dateCreated: at(20) }),
        aRecording(accountSid, { trafficSid, dateCreated: at(30) }),
      ];
      for (const r of rows) await store.insertRecording(r);
      const sids = async (filter: Parameters<Store['listRecordings']>[1]) =>
        (await store.listRecordings(accountSid, filter, { pageSize: 10 })).items.map((r) => r.sid);
      assert.deepEqual(await sids({}), rows.map((r) => r.sid));
      assert.deepEqual(await sids({ callSid }), [rows[0]?.sid, rows[1]?.sid]);
      assert.deepEqual(await sids({ trafficSid }), [rows[0]?.sid, rows[2]?.sid]);
      assert.deepEqual(await sids({ createdFrom: at(20) }), [rows[1]?.sid, rows[2]?.sid]);
      assert.deepEqual(await sids({ createdBefore: at(20) }), [rows[0]?.sid]);
      const page = await store.listRecordings(accountSid, {}, { pageSize: 2 });
      assert.equal(page.hasMore, true);
      assert.deepEqual((await store.listRecordings(anAccount().sid, {}, { pageSize: 10 })).items, []);
    });

    it('deletes a recording only in its own account', async () => {
      const r = aRecording(accountSid);
      await store.insertRecording(r);
      assert.equal(await store.deleteRecording(anAccount().sid, r.sid), false);
      assert.equal(await store.deleteRecording(accountSid, r.sid), true);
      assert.equal(await store.findRecording(accountSid, r.sid), null);
      assert.equal(await store.deleteRecording(accountSid, r.sid), false);
    });
  });
}
