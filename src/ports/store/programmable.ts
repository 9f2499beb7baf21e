// Programmable numbers (issue 14, migration 019): the traffic log of calls and messages routed by a
// number's application, masq flows with their revisions, and recordings' metadata.
import type { Flow, FlowRevision } from '../../domain/flows/flow-record.ts';
import type { Recording, RecordingStatus } from '../../domain/programmable/recording.ts';
import type { NewTrafficEvent, NumberTraffic, TrafficEvent } from '../../domain/programmable/traffic.ts';
import type { InboundChannel } from '../../domain/routing.ts';
import type { Page, PageRequest } from './common.ts';

export type TrafficPatch = Partial<Pick<NumberTraffic, 'status' | 'durationSeconds' | 'flowSid' | 'flowRevision' | 'application'>> & {
  readonly dateUpdated: Date;
};

export interface TrafficFilter {
  readonly numberSid?: string;
  readonly channel?: InboundChannel;
}

export interface NumberTrafficRepo {
  /** Throws StoreConflict('inbound-resource') when (carrier, resourceSid) is already logged (a retried webhook). */
  insertTraffic(traffic: NumberTraffic, events: readonly NewTrafficEvent[]): Promise<void>;
  findTraffic(accountSid: string, sid: string): Promise<NumberTraffic | null>;
  /** Any account's: a carrier's status report or step callback names only its own id. */
  findTrafficByResource(carrier: string, resourceSid: string): Promise<NumberTraffic | null>;
  updateTraffic(sid: string, patch: TrafficPatch): Promise<NumberTraffic | null>;
  /** Appends after the record's last event (seq continues; safe under concurrent appends to one record). */
  appendTrafficEvents(sid: string, events: readonly NewTrafficEvent[]): Promise<void>;
  /** Oldest first. */
  listTrafficEvents(sid: string): Promise<readonly TrafficEvent[]>;
  /** Keyset-paged, newest-created last (ascending like every masq list). */
  listTraffic(accountSid: string, filter: TrafficFilter, page: PageRequest): Promise<Page<NumberTraffic>>;
}

export interface FlowRepo {
  /** Creates the flow with its revision 1. */
  createFlow(flow: Flow, first: FlowRevision): Promise<void>;
  findFlow(accountSid: string, sid: string): Promise<Flow | null>;
  listFlows(accountSid: string, page: PageRequest): Promise<Page<Flow>>;
  /**
   * Adds revision `flow.latestRevision + 1` and moves the flow to it, only if its latest is still
   * `expectedLatest` (optimistic: two concurrent saves never both become revision N); null when it moved.
   */
  addFlowRevision(accountSid: string, sid: string, expectedLatest: number, revision: FlowRevision, friendlyName: string | null): Promise<Flow | null>;
  findFlowRevision(accountSid: string, sid: string, revision: number): Promise<FlowRevision | null>;
  /** Newest first is not the convention: ascending by revision. */
  listFlowRevisions(accountSid: string, sid: string, page: PageRequest): Promise<Page<FlowRevision>>;
  /** Removes the flow and its revisions; numbers that pointed at it are detached by the caller first. */
  deleteFlow(accountSid: string, sid: string): Promise<boolean>;
}

export type RecordingPatch = Partial<Pick<Recording, 'status' | 'durationSeconds' | 'contentType' | 'sizeBytes' | 'storageKey' | 'errorCode' | 'transcript'>> & {
  readonly dateUpdated: Date;
};

export interface RecordingFilter {
  readonly callSid?: string;
  readonly trafficSid?: string;
  /** date_created on or after / before (2010's DateCreated>= / DateCreated<). */
  readonly createdFrom?: Date;
  readonly createdBefore?: Date;
}

export interface RecordingRepo {
  insertRecording(recording: Recording): Promise<void>;
  findRecording(accountSid: string, sid: string): Promise<Recording | null>;
  updateRecording(accountSid: string, sid: string, patch: RecordingPatch): Promise<Recording | null>;
  listRecordings(accountSid: string, filter: RecordingFilter, page: PageRequest): Promise<Page<Recording>>;
  deleteRecording(accountSid: string, sid: string): Promise<boolean>;
}

export type { RecordingStatus };
