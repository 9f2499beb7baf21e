// The allocation transaction a use case runs, reduced to its storage calls, for the race tests:
// lock the identifier, read its bindings, take the least-loaded candidate, and on a binding conflict
// try the next one (re-reading when the candidates run out).
import type { Session } from '../../src/domain/session.ts';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant } from './fixtures.ts';

export interface AllocateOptions {
  readonly serviceSid: string;
  readonly identifier: string;
  readonly useLock: boolean;
  /** Counts binding conflicts that were retried. */
  readonly stats: { conflicts: number };
  /** Awaited once, right before the first insert (lines racers up so they really collide). */
  readonly beforeFirstInsert?: (() => Promise<void>) | undefined;
}

export const allocateFor = (store: Store, session: Session, o: AllocateOptions): Promise<string> =>
  store.transaction(async (tx) => {
    if (o.useLock) await tx.lock([`${o.serviceSid}:${o.identifier}`]);
    let waited = false;
    for (let round = 0; round < 100; round++) {
      const bound = await tx.activeBindings(o.serviceSid, o.identifier);
      const candidates = await tx.leastLoadedNumbers({
        serviceSid: o.serviceSid, tier: { countries: ['US'], areaCodes: null, label: 'US' }, needs: { voice: true, sms: true },
        identifier: o.identifier, neverUsedOnly: false, limit: 5,
      });
      for (const n of candidates.filter((c) => !bound.has(c.sid))) {
        if (!waited && o.beforeFirstInsert) await o.beforeFirstInsert();
        waited = true;
        try {
          await tx.createParticipant(aParticipant(session, n, { identifier: o.identifier }));
          return n.sid;
        } catch (err) {
          if (!(err instanceof StoreConflict && err.kind === 'binding')) throw err;
          o.stats.conflicts += 1;
        }
      }
    }
    throw new Error('no candidate left');
  });
