// A stateful model test: random sequences of create / add / close / expire against the real store,
// checked after every step against a simple model of who holds which number. Guards the invariants a
// user relies on: no identifier holds one number in two active sessions, loads match bindings, and an
// allocation succeeds exactly when the model says a number is free.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { addParticipant } from '../../src/app/add-participant.ts';
import { createSession } from '../../src/app/create-session.ts';
import { updateSession } from '../../src/app/update-session.ts';
import { AppError, type ErrorName } from '../../src/domain/errors.ts';
import type { PoolNumber } from '../../src/domain/pool-number.ts';
import { isRoutable, type Session } from '../../src/domain/session.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { aPoolNumber, aService, anAccount } from '../support/fixtures.ts';
import { storeNumber } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

/** Refusals that mean the pool had no free number for someone: the model must agree. */
const ALLOCATION_REFUSALS: ReadonlySet<ErrorName> = new Set(['pool-empty', 'only-reserved-numbers', 'no-message-proxy', 'no-unused-proxy']);
/** The other refusals a random sequence of creates and adds may meet. */
const PARTICIPANT_REFUSALS: ReadonlySet<ErrorName> = new Set(['participant-already-in-session', 'too-many-participants', 'session-closed', 'duplicate-entry']);

const PEOPLE = ['+14155550101', '+14155550102', '+14155550103', '+14155550104'];

type Op =
  | { kind: 'create'; people: number[]; ttl: number }
  | { kind: 'add'; session: number; person: number }
  | { kind: 'close'; session: number }
  | { kind: 'wait'; seconds: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), people: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 2 }), ttl: fc.constantFrom(0, 30, 90) }) },
  fc.record({ kind: fc.constant('create' as const), people: fc.uniqueArray(fc.nat(3), { maxLength: 2 }), ttl: fc.constantFrom(0, 30, 90) }),
  fc.record({ kind: fc.constant('add' as const), session: fc.nat(20), person: fc.nat(3) }),
  fc.record({ kind: fc.constant('close' as const), session: fc.nat(20) }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(10, 45) }),
);

/** Mostly usable numbers, with the occasional reserved or voice-only one. */
const poolArb = fc.array(fc.record({ reserved: fc.constantFrom(false, false, false, true), sms: fc.constantFrom(true, true, true, false) }), { minLength: 1, maxLength: 4 });

/** Invariants read back from the database, compared with what the model knows. */
const checkInvariants = async (store: Store, sessions: readonly Session[], pool: readonly PoolNumber[], now: Date) => {
  const held = new Map<string, number>();
  const load = new Map<string, number>();
  for (const s of sessions) {
    const current = await store.findSession(s.serviceSid, s.sid);
    if (!current || current.status === 'closed') continue;
    for (const p of await store.listParticipants(s.sid)) {
      if (p.dateDeleted || !p.proxyIdentifierSid) continue;
      load.set(p.proxyIdentifierSid, (load.get(p.proxyIdentifierSid) ?? 0) + 1);
      if (!isRoutable(current, now)) continue;
      const key = `${p.identifier}|${p.proxyIdentifier}`;
      held.set(key, (held.get(key) ?? 0) + 1);
      assert.equal(held.get(key), 1, `${key} held twice`);
    }
  }
  for (const n of pool) {
    const row = await store.findNumberBySid(n.accountSid, n.sid);
    assert.equal(row?.load ?? 0, load.get(n.sid) ?? 0, `load of ${n.phoneNumber}`);
  }
};

/** Numbers the model says `person` could still get: unreserved, SMS-capable, not held in a live session. */
const freeFor = async (store: Store, sessions: readonly Session[], pool: readonly PoolNumber[], person: string, now: Date) => {
  const taken = new Set<string>();
  for (const s of sessions) {
    const current = await store.findSession(s.serviceSid, s.sid);
    if (!current || !isRoutable(current, now)) continue;
    for (const p of await store.listParticipants(s.sid)) if (!p.dateDeleted && p.identifier === person) taken.add(p.proxyIdentifier);
  }
  return pool.filter((n) => !n.isReserved && n.capabilities.sms && !taken.has(n.phoneNumber));
};

for (const db of STORES) {
  describe(`allocation model on ${db.name}`, () => {
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    test('random create/add/close/expire sequences keep every invariant', async () => {
      const store = await db.open();
      opened.push(store);
      let allocated = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(poolArb, fc.array(opArb, { minLength: 1, maxLength: 25 }), async (poolSpec, ops) => {
          const deps = testDeps(store);
          const account = anAccount();
          await store.upsertAccount(account);
          const service = aService(account);
          await store.createService(service);
          const pool = poolSpec.map((spec) => aPoolNumber(service, { isReserved: spec.reserved, capabilities: { voice: true, sms: spec.sms, mms: false } }));
          for (const n of pool) await storeNumber(store, n);
          const sessions: Session[] = [];
          for (const op of ops) {
            const now = deps.clock.now();
            if (op.kind === 'wait') deps.clock.advance(op.seconds);
            if (op.kind === 'close' && sessions[op.session % Math.max(1, sessions.length)]) {
              const s = sessions[op.session % sessions.length]!;
              await updateSession(deps, service, s.sid, { status: 'closed' }).catch((err: unknown) => {
                assert.ok(err instanceof AppError && err.code === 'session-status-change-unsupported', String(err));
              });
            }
            if (op.kind === 'create' || op.kind === 'add') {
              const people = op.kind === 'create' ? op.people.map((i) => PEOPLE[i]!) : [PEOPLE[op.person]!];
              const target = op.kind === 'add' ? sessions[op.session % Math.max(1, sessions.length)] : undefined;
              if (op.kind === 'add' && !target) continue;
              const free = await Promise.all(people.map((p) => freeFor(store, sessions, pool, p, now)));
              try {
                if (op.kind === 'create') {
                  const created = await createSession(deps, service, { mode: 'message-only', ttl: op.ttl, participants: people.map((identifier) => ({ identifier })) });
                  sessions.push(created.session);
                } else {
                  await addParticipant(deps, service, target!.sid, { identifier: people[0]! });
                }
                assert.ok(free.every((f) => f.length > 0), 'allocated although the model had no free number');
                allocated += people.length;
              } catch (err) {
                if (!(err instanceof AppError)) throw err;
                const allocationRefusal = ALLOCATION_REFUSALS.has(err.code);
                if (allocationRefusal) refused += 1;
                if (allocationRefusal) assert.ok(free.some((f) => f.length === 0), `refused ${err.code} although the model had a free number`);
                else assert.ok(PARTICIPANT_REFUSALS.has(err.code), `unexpected ${err.code}: ${err.message}`);
              }
            }
            await checkInvariants(store, sessions, pool, deps.clock.now());
          }
        }),
        { numRuns: db.name === 'sqlite' ? 60 : 30 },
      );
      // Guard against a vacuous property: the sequences must really allocate and really run dry.
      assert.ok(allocated > 50, `only ${allocated} allocations exercised`);
      assert.ok(refused > 5, `only ${refused} refusals exercised`);
    });
  });
}
