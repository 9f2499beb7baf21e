// For bench/ only: a Store plus the Kysely instance under it, for bulk seeding and EXPLAIN. The layer rule
// keeps app/ and http/ from importing storage/, so nothing in the product can come to depend on this.
import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.ts';
import { createKyselyStore } from './kysely-store.ts';
import { openDatabase, type OpenStoreOptions } from './open-store.ts';
import type { Database } from './schema.ts';

export interface BenchHandle {
  readonly store: Store;
  readonly kysely: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export const openBenchHandle = async (url: string, opts: OpenStoreOptions = {}): Promise<BenchHandle> => {
  const { kysely, dialect, direct } = await openDatabase(url, opts);
  const store = createKyselyStore(kysely, dialect, direct);
  return { store, kysely, dialect: dialect.name, close: () => store.close() };
};
