// Participants: creating one binds its (identifier, proxy identifier) pair in the service.
import type { Participant } from '../../domain/participant.ts';
import type { Page, PageRequest } from './common.ts';

export interface ParticipantRepo {
  /**
   * Inserts the participant and, unless deleted, binds (identifier, proxyIdentifier) and raises the number's
   * load. Throws StoreConflict('binding') or ('participant-identifier'), so the caller can try the next candidate.
   */
  createParticipant(participant: Participant): Promise<void>;
  findParticipant(sessionSid: string, sid: string): Promise<Participant | null>;
  /** All participants of the session, soft-deleted ones included, in creation order. */
  listParticipants(sessionSid: string): Promise<readonly Participant[]>;
  pageParticipants(sessionSid: string, page: PageRequest): Promise<Page<Participant>>;
  /** Sets date_deleted, unbinds, lowers the number's load. */
  softDeleteParticipant(sessionSid: string, sid: string, now: Date): Promise<Participant | null>;
  /** The newest participant, bound or not, for this (proxy identifier, identifier) pair: the previous session of out-of-session traffic. */
  findLatestParticipant(proxyIdentifier: string, identifier: string): Promise<Participant | null>;
}
