// Inbound routing: one read and one atomic write per message or call, the hottest path masq has.
import type { Interaction } from '../../domain/interaction.ts';
import type { CostRecord } from '../../domain/usage/cost-record.ts';
import type { Participant } from '../../domain/participant.ts';
import type { Service } from '../../domain/service.ts';
import type { Session } from '../../domain/session.ts';
import type { RecordedForward } from './interactions.ts';
import type { SenderGateFacts } from './sms-gate.ts';
import type { NewJob } from './jobs.ts';

/**
 * The bound sender of inbound traffic, its (active or not yet swept) session, the session's service, and
 * the session's other current (not deleted) participant with the carrier of its proxy number, and the
 * opt-outs of both from their proxy numbers (read in the same statement: no second read per message).
 */
export interface InboundRoute {
  readonly sender: Participant;
  readonly session: Session;
  readonly service: Service;
  /** Null when the session has no other current participant. */
  readonly partner: Participant | null;
  /** The carrier of the partner's proxy number; null if unmanaged or no partner. */
  readonly partnerCarrier: string | null;
  /** Whether the sender opted out of messages from the proxy number it wrote to (a recorded STOP). */
  readonly senderOptedOut: boolean;
  /** Whether the partner opted out of messages from its proxy number, which a forward would come from; false without a partner. */
  readonly partnerOptedOut: boolean;
  /**
   * What SMS gating needs to check a forward from the partner's proxy number (SmsGateRepo.senderGateFacts of
   * the session's account and that number), read in the same statement; null without a partner.
   */
  readonly partnerGateFacts: SenderGateFacts | null;
}

/** What routing one inbound message or call writes, all or nothing. */
export interface InboundWrite {
  readonly interaction: Interaction;
  /** The session's new activity (in-progress, last interaction, sliding expiry); null when nothing was forwarded. */
  readonly activity: { readonly at: Date; readonly expiresAt: Date | null } | null;
  /** The work owed for the interaction, committed with it: its CallbackUrl delivery, a send through a carrier's API. */
  readonly jobs: readonly NewJob[];
  /** The forward decided for it, stored in the same insert so a retried webhook can replay it; null if none. */
  readonly forward?: RecordedForward | null;
  /** What the message cost (inbound segments, the forward's outbound ones): written with it, never twice (event keys). */
  readonly costs?: readonly CostRecord[];
}

export interface RoutingQueries {
  /** The bound participant for traffic from `identifier` to `proxyIdentifier`, with its session, service and partner; null if none. */
  findInboundRoute(proxyIdentifier: string, identifier: string): Promise<InboundRoute | null>;
  /**
   * Writes the interaction, the session's activity and its jobs atomically. A second interaction for the
   * same inbound carrier resource is StoreConflict('inbound-resource') and writes nothing. Outside a
   * transaction, SQLite commits the writes of concurrent requests together (group commit); the promise
   * settles only once this write is durable or refused.
   */
  recordInboundInteraction(write: InboundWrite): Promise<void>;
}
