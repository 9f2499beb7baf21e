// The tables as Kysely sees them: snake_case, one interface for both dialects.
//
// Two representation choices keep the queries identical on SQLite and PostgreSQL:
// - Dates are written as ISO-8601 text (millisecond precision, always 'Z'). SQLite stores that text, whose
//   lexical order is chronological; PostgreSQL stores timestamptz and hands back a Date. `readDate` in
//   codec.ts accepts either.
// - Flags are 0/1 integers on both. SQLite has no boolean, and a literal `bound = 1` is the one partial-index
//   predicate both planners can match against the same query text.
import type { ColumnType, Generated } from 'kysely';

export type DateColumn = ColumnType<Date | string, string, string>;
export type NullableDateColumn = ColumnType<Date | string | null, string | null, string | null>;
/** 0 or 1. */
export type Flag = number;

export interface AccountsTable {
  sid: string;
  friendly_name: string;
  auth_token: string;
  /** The owning account of a subaccount; null for a top-level account (migration 010). */
  owner_account_sid: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'active' | 'suspended' | 'closed' (migration 010; a CHECK keeps it to those). */
  status: ColumnType<string, string | undefined, string>;
  date_created: DateColumn;
  date_updated: DateColumn;
}

export interface ApiKeysTable {
  sid: string;
  account_sid: string;
  friendly_name: string | null;
  /** SHA-256 of salt and secret (hex); the secret itself is never stored (migration 007). */
  secret_salt: string;
  secret_hash: string;
  date_created: DateColumn;
  /** Added by migration 007, which fills it; nullable in the DDL only because it was added later. */
  date_updated: NullableDateColumn;
}

export interface ServicesTable {
  sid: string;
  account_sid: string;
  unique_name: string;
  chat_instance_sid: string | null;
  callback_url: string | null;
  intercept_callback_url: string | null;
  out_of_session_callback_url: string | null;
  default_ttl: number;
  geo_match_level: string;
  number_selection_behavior: string;
  dial_argentina_mobile_nine: Flag;
  dial_mexico_legacy_one: Flag;
  pool_limit: number | null;
  /** JSON array; null = the default opt-out words. */
  opt_out_words: string | null;
  date_created: DateColumn;
  date_updated: DateColumn;
}

export interface PhoneNumbersTable {
  sid: string;
  account_sid: string;
  /** Pool membership: null = in the account's inventory but in no service's pool. */
  service_sid: string | null;
  phone_number: string;
  friendly_name: string | null;
  iso_country: string | null;
  area_code: string | null;
  cap_voice: Flag;
  cap_sms: Flag;
  cap_mms: Flag;
  carrier: string;
  is_reserved: Flag;
  /** Bound participants on this number, maintained in the same transaction as every bind/unbind. */
  load: number;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** The number inventory (migration 009): every number an account holds or held. */
export interface NumbersTable {
  sid: string;
  account_sid: string;
  phone_number: string;
  friendly_name: string;
  state: string;
  type: string | null;
  origin: string;
  carrier: string;
  carrier_ref: string | null;
  order_ref: string | null;
  iso_country: string | null;
  region: string | null;
  locality: string | null;
  rate_center: string | null;
  lata: string | null;
  postal_code: string | null;
  latitude: string | null;
  longitude: string | null;
  cap_voice: Flag;
  cap_sms: Flag;
  cap_mms: Flag;
  cap_fax: Flag;
  monthly_cost: string | null;
  /** NumberConfig as JSON. */
  config: string;
  last_traffic_at: NullableDateColumn;
  inactive_since: NullableDateColumn;
  inactivity_warned_at: NullableDateColumn;
  date_released: NullableDateColumn;
  quarantine_until: NullableDateColumn;
  quarantine_extensions: Generated<number>;
  state_reason: string | null;
  /** The end of the last lease period billed (migration 012); the epoch until the first one is. */
  lease_billed_until: ColumnType<Date | string, string | undefined, string>;
  date_state_changed: DateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

export interface MisdirectedTrafficTable {
  id: string;
  number_sid: string;
  sender: string;
  channel: string;
  occurred_at: DateColumn;
}

export interface NumberOptOutsTable {
  phone_number: string;
  sender: string;
  word: string;
  date_created: DateColumn;
}

export interface NumberPoliciesTable {
  account_sid: string;
  /** NumberPolicy as JSON (the fields an operator set; the rest are defaults). */
  policy: string;
  date_updated: DateColumn;
}

export interface SessionsTable {
  sid: string;
  service_sid: string;
  account_sid: string;
  unique_name: string | null;
  status: string;
  closed_reason: string | null;
  mode: string;
  ttl: number;
  date_expiry: NullableDateColumn;
  date_started: DateColumn;
  date_ended: NullableDateColumn;
  date_last_interaction: NullableDateColumn;
  expires_at: NullableDateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

export interface ParticipantsTable {
  sid: string;
  session_sid: string;
  service_sid: string;
  account_sid: string;
  friendly_name: string | null;
  identifier: string;
  proxy_identifier: string;
  proxy_identifier_sid: string | null;
  /** 1 while the participant holds its (identifier, proxy) pair: session active and participant not deleted. */
  bound: Flag;
  date_deleted: NullableDateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

export interface NumberHistoryTable {
  service_sid: string;
  identifier: string;
  number_sid: string;
  last_used_at: DateColumn;
}

export interface InteractionsTable {
  sid: string;
  session_sid: string;
  service_sid: string;
  account_sid: string;
  type: string;
  data: string | null;
  participant_sid: string | null;
  inbound_participant_sid: string | null;
  inbound_resource_sid: string | null;
  inbound_resource_type: string | null;
  inbound_resource_status: string | null;
  inbound_resource_url: string | null;
  outbound_participant_sid: string | null;
  outbound_resource_sid: string | null;
  outbound_resource_type: string | null;
  outbound_resource_status: string | null;
  outbound_resource_url: string | null;
  /** JSON: the forward an inbound interaction was routed to, replayed to a retried webhook (migration 006). */
  forward: ColumnType<string | null, string | null | undefined, string | null>;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** Durable work masq owes (migration 008): callbacks, sends through a carrier's API... */
export interface JobsTable {
  id: string;
  account_sid: string;
  kind: string;
  /** JSON object: the kind's own data (a callback: url and form params). */
  payload: string;
  attempts: number;
  /** Null: the installation's setting. */
  max_attempts: number | null;
  /** When due; while claimed, the end of the lease. */
  next_attempt_at: DateColumn;
  last_error: string | null;
  done_at: NullableDateColumn;
  /** Set when the last allowed attempt failed: the job is never claimed again. */
  given_up_at: NullableDateColumn;
  date_created: DateColumn;
}

/** One attempt at a job: the HTTP status, or why there was none. */
export interface JobAttemptsTable {
  id: string;
  job_id: string;
  attempted_at: DateColumn;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface IdempotencyKeysTable {
  account_sid: string;
  scope: string;
  key: string;
  status: number;
  body: string;
  date_created: DateColumn;
  /** Set while the token is reserved by a request still at work; null once its answer is stored (migration 006). */
  owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_until: ColumnType<Date | string | null, string | null | undefined, string | null>;
}

/** Messaging v1 services (migration 013); Twilio's other fields are in `details` (JSON). */
export interface MessagingServicesTable {
  sid: string;
  account_sid: string;
  friendly_name: string;
  details: string;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A number in a messaging service's pool: at most one service per number. */
export interface MessagingServiceNumbersTable {
  number_sid: string;
  service_sid: string;
  account_sid: string;
  date_created: DateColumn;
}

/** A2P 10DLC brand (BN…); status PENDING | IN_REVIEW | APPROVED | FAILED | SUSPENDED | DELETION_*. */
export interface BrandRegistrationsTable {
  sid: string;
  account_sid: string;
  status: string;
  details: string;
  /** When the registry looks at it next; null once decided. */
  decides_at: NullableDateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A 10DLC campaign (QE…), one per messaging service; campaign_status PENDING | IN_PROGRESS | VERIFIED | FAILED | SUSPENDED. */
export interface UsAppToPersonTable {
  sid: string;
  account_sid: string;
  messaging_service_sid: string;
  /** Null for a campaign registered elsewhere (PreregisteredUsa2p). */
  brand_registration_sid: string | null;
  campaign_status: string;
  details: string;
  decides_at: NullableDateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A toll-free verification (HH…); status PENDING_REVIEW | IN_REVIEW | TWILIO_APPROVED | TWILIO_REJECTED. */
export interface TollfreeVerificationsTable {
  sid: string;
  account_sid: string;
  tollfree_phone_number_sid: string;
  status: string;
  details: string;
  decides_at: NullableDateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A cost record (migration 012): integers in micro-units and the record's unit; bigint read back as text on PostgreSQL. */
export type BigIntColumn = ColumnType<number | string, number, number>;
export interface CostRecordsTable {
  sid: string;
  account_sid: string;
  category: string;
  event_key: string;
  resource_sid: string;
  number_sid: string | null;
  phone_number: string | null;
  service_sid: string | null;
  carrier: string;
  quantity: BigIntColumn;
  unit: string;
  billable_quantity: BigIntColumn;
  rate_micros: BigIntColumn;
  amount_micros: BigIntColumn;
  currency: string;
  occurred_at: DateColumn;
  rate_card_version: string;
}

/** The sandbox registry's brand profiles (migration 017): the data behind BU… bundle SIDs, as JSON `details`. */
export interface BrandProfilesTable {
  sid: string;
  account_sid: string;
  friendly_name: string;
  details: string;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** An account's porting webhook configuration (migration 015); notifications_of is a JSON array of event names. */
export interface PortingWebhookConfigsTable {
  account_sid: string;
  port_in_target_url: string | null;
  port_out_target_url: string | null;
  notifications_of: string;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A Numbers v1 PortIn request (KW…); Twilio's other fields are in `details` (JSON). */
export interface PortInRequestsTable {
  sid: string;
  account_sid: string;
  status: string;
  carrier: string;
  details: string;
  support_ticket_id: number;
  order_cancellation_reason: string | null;
  signed_at: NullableDateColumn;
  expires_at: DateColumn;
  date_status_changed: DateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** One number of a PortIn request (PU…). */
export interface PortInNumbersTable {
  sid: string;
  request_sid: string;
  account_sid: string;
  phone_number: string;
  status: string;
  pin: string | null;
  line_type: string;
  rejection_code: string | null;
  port_date: NullableDateColumn;
  number_sid: string | null;
  /** The carrier's order for the number (migration 018). */
  carrier_ref: string | null;
  /** When the sweeper next asks the carrier about it (migration 018). */
  poll_at: NullableDateColumn;
  date_status_changed: DateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A port-out request (PO…, migration 014); status pending | authorized | rejected | completed. */
export interface PortOutsTable {
  sid: string;
  account_sid: string;
  number_sid: string;
  phone_number: string;
  status: string;
  source: string;
  carrier_ref: string | null;
  gaining_carrier: string;
  requested_date: NullableDateColumn;
  due_date: NullableDateColumn;
  rejection_code: string | null;
  rejection_reason: string | null;
  pool_service_sid: string | null;
  pool_reserved: Flag;
  date_completed: NullableDateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** A number's port-out PIN, kept as given: its owner is shown it (migration 014). */
export interface PortOutPinsTable {
  number_sid: string;
  pin: string;
  date_updated: DateColumn;
}

/** A call or message a programmable number's application handled (migration 019). */
export interface NumberTrafficTable {
  sid: string;
  account_sid: string;
  number_sid: string;
  phone_number: string;
  channel: string;
  carrier: string;
  resource_sid: string;
  from_: string;
  to_: string;
  body: string;
  application: string;
  attestation: string | null;
  flow_sid: string | null;
  flow_revision: number | null;
  status: string;
  duration_seconds: number | null;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** One event of a traffic record, numbered 1, 2, ... per record; data is a JSON object of strings (migration 019). */
export interface NumberTrafficEventsTable {
  traffic_sid: string;
  seq: number;
  at: DateColumn;
  kind: string;
  detail: string;
  data: string;
}

/** A masq flow (FW…, migration 019) and every revision of its JSON document. */
export interface FlowsTable {
  sid: string;
  account_sid: string;
  friendly_name: string;
  latest_revision: number;
  date_created: DateColumn;
  date_updated: DateColumn;
}

export interface FlowRevisionsTable {
  flow_sid: string;
  account_sid: string;
  revision: number;
  definition: string;
  commit_message: string;
  date_created: DateColumn;
}

/** A recording's metadata (RE…, migration 019); the audio is in RecordingStorage under storage_key. */
export interface RecordingsTable {
  sid: string;
  account_sid: string;
  call_sid: string;
  traffic_sid: string | null;
  number_sid: string | null;
  source: string;
  status: string;
  duration_seconds: number;
  channels: number;
  content_type: string;
  size_bytes: number;
  storage_key: string | null;
  from_: string;
  transcript: string | null;
  error_code: number | null;
  start_time: DateColumn;
  date_created: DateColumn;
  date_updated: DateColumn;
}

/** Which instance holds each carrier link (an SMPP bind), until when (migration 020). */
export interface LinkLeasesTable {
  name: string;
  holder: string;
  lease_until: DateColumn;
  date_acquired: DateColumn;
}

export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  services: ServicesTable;
  phone_numbers: PhoneNumbersTable;
  numbers: NumbersTable;
  misdirected_traffic: MisdirectedTrafficTable;
  number_opt_outs: NumberOptOutsTable;
  number_policies: NumberPoliciesTable;
  sessions: SessionsTable;
  participants: ParticipantsTable;
  number_history: NumberHistoryTable;
  interactions: InteractionsTable;
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
  idempotency_keys: IdempotencyKeysTable;
  cost_records: CostRecordsTable;
  messaging_services: MessagingServicesTable;
  messaging_service_numbers: MessagingServiceNumbersTable;
  brand_registrations: BrandRegistrationsTable;
  us_app_to_person: UsAppToPersonTable;
  tollfree_verifications: TollfreeVerificationsTable;
  brand_profiles: BrandProfilesTable;
  porting_webhook_configs: PortingWebhookConfigsTable;
  port_in_requests: PortInRequestsTable;
  port_in_numbers: PortInNumbersTable;
  port_outs: PortOutsTable;
  port_out_pins: PortOutPinsTable;
  number_traffic: NumberTrafficTable;
  number_traffic_events: NumberTrafficEventsTable;
  flows: FlowsTable;
  flow_revisions: FlowRevisionsTable;
  recordings: RecordingsTable;
  link_leases: LinkLeasesTable;
}
