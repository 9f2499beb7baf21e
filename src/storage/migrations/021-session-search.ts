// The console's session search (issue 16): sessions by participant identifier, closed ones included.
// The binding index covers bound participants only, so without this a search read every participant.
import type { MigrationFactory, SchemaDb } from './ddl.ts';

export const m021SessionSearch: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    await db.schema.createIndex('participants_service_identifier_idx').on('participants')
      .columns(['service_sid', 'identifier', 'session_sid']).execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropIndex('participants_service_identifier_idx').execute();
  },
});
