// The numbered migrations, listed statically (no file-system scanning, so bundling and tsx both work).
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../schema.ts';
import { m001Core } from './001-core.ts';
import { m002Traffic } from './002-traffic.ts';
import { m003Routing } from './003-routing.ts';
import { m004WebhookAttempts } from './004-webhook-attempts.ts';
import { m005RepairBindings } from './005-repair-bindings.ts';
import { m006InboundAnswer } from './006-inbound-answer.ts';
import { m007ApiKeys } from './007-api-keys.ts';
import { m008Jobs } from './008-jobs.ts';
import { m009Inventory } from './009-inventory.ts';
import { m010Subaccounts } from './010-subaccounts.ts';
import { m011FlaggedNumbers } from './011-flagged-numbers.ts';
import { m012Costs } from './012-costs.ts';
import { m013Messaging } from './013-messaging.ts';
import { m014PortOut } from './014-port-out.ts';
import { m015PortIn } from './015-port-in.ts';
import { m017BrandProfiles } from './017-brand-profiles.ts';
import { m018PortInCarrierOrders } from './018-port-in-carrier-orders.ts';
import { m019Programmable } from './019-programmable.ts';
import { m020LinkLeases } from './020-link-leases.ts';
import { m021SessionSearch } from './021-session-search.ts';
import type { DdlTypes, MigrationFactory } from './ddl.ts';

export const MIGRATIONS: Readonly<Record<string, MigrationFactory>> = {
  '001-core': m001Core,
  '002-traffic': m002Traffic,
  '003-routing': m003Routing,
  '004-webhook-attempts': m004WebhookAttempts,
  '005-repair-bindings': m005RepairBindings,
  '006-inbound-answer': m006InboundAnswer,
  '007-api-keys': m007ApiKeys,
  '008-jobs': m008Jobs,
  '009-inventory': m009Inventory,
  '010-subaccounts': m010Subaccounts,
  '011-flagged-numbers': m011FlaggedNumbers,
  '012-costs': m012Costs,
  '013-messaging': m013Messaging,
  '014-port-out': m014PortOut,
  '015-port-in': m015PortIn,
  '017-brand-profiles': m017BrandProfiles,
  '018-port-in-carrier-orders': m018PortInCarrierOrders,
  '019-programmable': m019Programmable,
  '020-link-leases': m020LinkLeases,
  '021-session-search': m021SessionSearch,
};

const provider = (types: DdlTypes): MigrationProvider => ({
  getMigrations: async () => {
    const out: Record<string, Migration> = {};
    for (const [name, factory] of Object.entries(MIGRATIONS)) out[name] = factory(types);
    return out;
  },
});

export const migrateToLatest = async (db: Kysely<Database>, types: DdlTypes, schema: string | undefined): Promise<void> => {
  const migrator = new Migrator({
    db,
    provider: provider(types),
    ...(schema !== undefined && { migrationTableSchema: schema }),
    migrationTableName: 'masq_migration',
    migrationLockTableName: 'masq_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
};
