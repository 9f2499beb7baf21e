// Driver unique violations -> the port's StoreConflict, by constraint/index name (names from the migrations).
// Unmapped errors pass through untouched: they are bugs, and the HTTP layer renders them as a generic 500.
import { StoreConflict, type ConflictKind } from '../ports/store.ts';
import type { StoreDialect } from './dialect.ts';

const CONFLICT_BY_CONSTRAINT: Readonly<Record<string, ConflictKind>> = {
  participants_binding_uq: 'binding',
  services_account_unique_name_uq: 'service-unique-name',
  sessions_service_unique_name_uq: 'session-unique-name',
  participants_session_identifier_uq: 'participant-identifier',
  phone_numbers_phone_number_uq: 'phone-number',
  numbers_live_phone_number_uq: 'phone-number',
  interactions_inbound_resource_uq: 'inbound-resource',
  number_traffic_resource_uq: 'inbound-resource',
  port_in_numbers_open_uq: 'port-in-number',
};

export const translateError = (dialect: StoreDialect, err: unknown): unknown => {
  const constraint = dialect.uniqueViolation(err);
  if (constraint === null) return err;
  const kind = CONFLICT_BY_CONSTRAINT[constraint];
  return kind === undefined ? err : new StoreConflict(kind, constraint);
};
