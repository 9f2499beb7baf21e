// The storage port. app/ use cases talk to SQLite and PostgreSQL only through these interfaces, one per
// repository (store/*.ts); a use case names the ones it uses (app/deps.ts DepsWith), and the Store is all
// of them with transactions. Every method is scoped by the caller (account or service), so one tenant can
// never read another's rows.
import type { AccountRepo } from './store/accounts.ts';
import type { AllocationQueries } from './store/allocation.ts';
import type { CostRepo } from './store/costs.ts';
import type { IdempotencyRepo } from './store/idempotency.ts';
import type { InteractionRepo } from './store/interactions.ts';
import type { InventoryRepo } from './store/inventory.ts';
import type { JobRepo } from './store/jobs.ts';
import type { LinkLeaseRepo } from './store/link-leases.ts';
import type { Locks } from './store/locks.ts';
import type { MessagingRepo } from './store/messaging.ts';
import type { NumberRepo } from './store/numbers.ts';
import type { ParticipantRepo } from './store/participants.ts';
import type { PortOutRepo } from './store/port-outs.ts';
import type { PortingRepo } from './store/porting.ts';
import type { RegistrationRepo } from './store/registrations.ts';
import type { FlowRepo, NumberTrafficRepo, RecordingRepo } from './store/programmable.ts';
import type { RoutingQueries } from './store/routing.ts';
import type { ServiceRepo } from './store/services.ts';
import type { SessionRepo } from './store/sessions.ts';
import type { SmsGateRepo } from './store/sms-gate.ts';

export type { AccountRepo, ApiKeyPatch } from './store/accounts.ts';
export type { AllocationQueries, HistoryNumber, LeastLoadedRequest } from './store/allocation.ts';
export type { CostReportRow, CostRepo, UsageGranularity, UsageQuery, UsageRow } from './store/costs.ts';
export { StoreConflict, StoreUnavailable, type ConflictKind, type Page, type PageCursor, type PageRequest } from './store/common.ts';
export type { IdempotencyClaim, IdempotencyRepo, IdempotencyReservation } from './store/idempotency.ts';
export type { InboundRecord, InteractionRepo, RecordedForward } from './store/interactions.ts';
export type { InventoryFilter, InventoryPatch, InventoryRepo, MisdirectedAttempt, MisdirectedSummary } from './store/inventory.ts';
export { JOB_KINDS, type Job, type JobAttempt, type JobKind, type JobRepo, type NewJob } from './store/jobs.ts';
export type { LinkLease, LinkLeaseRepo } from './store/link-leases.ts';
export type { Locks } from './store/locks.ts';
export type { BrandRegistrationPatch, MessagingPoolNumber, MessagingRepo, MessagingServicePatch } from './store/messaging.ts';
export type { NumberPatch, NumberRepo } from './store/numbers.ts';
export type { ParticipantRepo } from './store/participants.ts';
export type { PortInFilter, PortInNumberPatch, PortInRequestPatch, PortingRepo } from './store/porting.ts';
export type { PortOutFilter, PortOutPatch, PortOutPin, PortOutRepo, RejectedAttempts } from './store/port-outs.ts';
export type { FlowRepo, NumberTrafficRepo, RecordingFilter, RecordingPatch, RecordingRepo, TrafficFilter, TrafficPatch } from './store/programmable.ts';
export type { CampaignPatch, RegistrationRepo, TollfreeFilter, TollfreeVerificationPatch } from './store/registrations.ts';
export type { InboundRoute, InboundWrite, RoutingQueries } from './store/routing.ts';
export type { ServicePatch, ServiceRepo } from './store/services.ts';
export type { IdentifierBinding, SessionPatch, SessionRepo } from './store/sessions.ts';
export type { SenderGateFacts, SmsGateRepo } from './store/sms-gate.ts';

/** Every repository: what a transaction works with. */
export interface Repos
  extends AccountRepo, ServiceRepo, NumberRepo, InventoryRepo, SessionRepo, ParticipantRepo, AllocationQueries, RoutingQueries, InteractionRepo, JobRepo,
    IdempotencyRepo, CostRepo, MessagingRepo, PortOutRepo, PortingRepo, RegistrationRepo, SmsGateRepo, NumberTrafficRepo, FlowRepo, RecordingRepo, LinkLeaseRepo, Locks {}

export interface Store extends Repos {
  /** Runs `work` in one transaction; rolled back if it throws. Nested calls join the outer transaction. */
  transaction<T>(work: (tx: Repos) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
