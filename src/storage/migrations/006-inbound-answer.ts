// Delivery under crashes (issue 10, items 2 and 4).
// - interactions.forward: the forward decided for an inbound message or call (from, to, and the carrier that
//   sends it by API, or none when the webhook's answer carries it), written in the interaction's own insert.
//   A carrier that retries the webhook (its first answer was lost with a crashed instance) gets the same
//   forward back while the outbound leg is still unreported. NULL for everything else.
// - idempotency_keys.owner / lease_until: a token is reserved (a pending row) before the work starts, so a
//   concurrent duplicate waits for the first answer instead of running too; a pending row whose owner died
//   is taken over once its lease ends. Both NULL on a finished row (every row written before this one).
import { type MigrationFactory, type SchemaDb } from './ddl.ts';

export const m006InboundAnswer: MigrationFactory = ({ date }) => ({
  async up(db: SchemaDb) {
    await db.schema.alterTable('interactions').addColumn('forward', 'text').execute();
    await db.schema.alterTable('idempotency_keys').addColumn('owner', 'text').execute();
    await db.schema.alterTable('idempotency_keys').addColumn('lease_until', date).execute();
  },
  async down(db: SchemaDb) {
    await db.schema.alterTable('idempotency_keys').dropColumn('lease_until').execute();
    await db.schema.alterTable('idempotency_keys').dropColumn('owner').execute();
    await db.schema.alterTable('interactions').dropColumn('forward').execute();
  },
});
