// The Store, once for both dialects: the repos composed over a Ctx, plus transactions.
//
// Transactions are tracked with AsyncLocalStorage. Inside `transaction(work)`, every call that goes
// through the store (not only through `tx`) runs on the transaction, and a nested `transaction()` joins
// the outer one. Without this, a use case that called `deps.store.x()` inside a transaction would, on
// SQLite, wait forever for the one connection its own transaction holds.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Repos, Store } from '../ports/store.ts';
import { accountRepo } from './accounts-repo.ts';
import { allocationQueries } from './allocation-queries.ts';
import type { Ctx } from './context.ts';
import { costRepo } from './costs-repo.ts';
import type { StoreDialect } from './dialect.ts';
import { idempotencyRepo } from './idempotency-repo.ts';
import { interactionRepo } from './interactions-repo.ts';
import { jobRepo } from './jobs-repo.ts';
import { linkLeaseRepo } from './link-leases-repo.ts';
import { messagingRepo } from './messaging-repo.ts';
import { inventoryRepo } from './inventory-repo.ts';
import { numberRepo } from './numbers-repo.ts';
import { participantRepo } from './participants-repo.ts';
import { portOutRepo } from './port-outs-repo.ts';
import { portingRepo } from './porting-repo.ts';
import { registrationRepo } from './registrations-repo.ts';
import { routingQueries } from './routing-queries.ts';
import type { Database } from './schema.ts';
import type { SqliteDirect } from './sqlite/direct.ts';
import { serviceRepo } from './services-repo.ts';
import { sessionRepo } from './sessions-repo.ts';
import { smsGateRepo } from './sms-gate-repo.ts';
import { flowRepo } from './flows-repo.ts';
import { recordingRepo } from './recordings-repo.ts';
import { trafficRepo } from './traffic-repo.ts';

const buildRepos = (ctx: Ctx): Repos => ({
  ...accountRepo(ctx),
  ...serviceRepo(ctx),
  ...numberRepo(ctx),
  ...inventoryRepo(ctx),
  ...sessionRepo(ctx),
  ...participantRepo(ctx),
  ...portOutRepo(ctx),
  ...portingRepo(ctx),
  ...allocationQueries(ctx),
  ...routingQueries(ctx),
  ...interactionRepo(ctx),
  ...jobRepo(ctx),
  ...idempotencyRepo(ctx),
  ...costRepo(ctx),
  ...messagingRepo(ctx),
  ...registrationRepo(ctx),
  ...smsGateRepo(ctx),
  ...trafficRepo(ctx),
  ...flowRepo(ctx),
  ...recordingRepo(ctx),
  ...linkLeaseRepo(ctx),
  lock: (keys) => ctx.dialect.lock(ctx.db(), keys),
});

export const createKyselyStore = (root: Kysely<Database>, dialect: StoreDialect, direct: SqliteDirect | null): Store => {
  const current = new AsyncLocalStorage<Kysely<Database>>();

  const ctx: Ctx = {
    dialect,
    db: () => current.getStore() ?? root,
    inTransaction: () => current.getStore() !== undefined,
    atomic: (work) => transaction(() => work()),
    direct,
  };
  // One set of repos serves the store and every transaction: inside `transaction`, ctx.db() already
  // resolves to the open transaction through AsyncLocalStorage. Building a set per transaction (some
  // hundred closures) was a measurable share of an inbound webhook's CPU.
  const repos = buildRepos(ctx);

  function transaction<T>(work: (tx: Repos) => Promise<T>): Promise<T> {
    if (current.getStore() !== undefined) return work(repos);
    const run = (db: Kysely<Database>) => current.run(db, () => work(repos));
    // SQLite commits the transactions waiting for its writer together (sqlite/transaction-batch.ts).
    return direct ? direct.transaction(run) : root.transaction().execute(run);
  }

  return {
    ...repos,
    transaction,
    close: () => root.destroy(),
  };
};
