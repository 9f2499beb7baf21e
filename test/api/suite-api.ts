// One API suite's masq on a database of its own (a fresh PostgreSQL schema, or startApi's own SQLite
// file), with the number sweeper off so nothing moves under the test; close() stops masq and throws the
// database away.
import type { Config } from '../../src/config/schema.ts';
import { suiteDatabase } from '../support/stores.ts';
import { startApi, type Api } from './support.ts';

export const startSuiteApi = async (dialect: 'sqlite' | 'postgres', config: Partial<Config> = {}): Promise<Api> => {
  const db = await suiteDatabase(dialect);
  try {
    const api = await startApi({ config: { numberSweepIntervalMs: 0, ...config, ...(db.url !== null && { databaseUrl: db.url }) } });
    return {
      ...api,
      close: async () => {
        try {
          await api.close();
        } finally {
          await db.drop();
        }
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
};
