// The call log of programmable traffic (domain/programmable/traffic.ts): starting a record for a call or
// message a number's application handles, and the events of each step, collected while the step runs and
// written once at its end (one statement per step, in the order they happened).
import { trustedLevel } from '../../domain/attestation.ts';
import type { ApplicationKind, NewTrafficEvent, NumberTraffic, TrafficEventKind } from '../../domain/programmable/traffic.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { InboundEvent } from '../../domain/routing.ts';
import type { NumberTrafficRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

/** Events of one step, in order; `flush` appends them to the record. */
export class StepLog {
  private readonly pending: NewTrafficEvent[] = [];

  constructor(
    private readonly deps: DepsWith<NumberTrafficRepo, 'clock'>,
    readonly trafficSid: string,
  ) {}

  add(kind: TrafficEventKind, detail: string, data: Readonly<Record<string, string>> = {}): void {
    this.pending.push({ at: this.deps.clock.now(), kind, detail, data });
  }

  /** Events another part of masq produced for this step (a flow's), kept in their order. */
  addAll(events: readonly NewTrafficEvent[]): void {
    this.pending.push(...events);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const events = this.pending.splice(0, this.pending.length);
    await this.deps.store.appendTrafficEvents(this.trafficSid, events);
  }
}

export interface TrafficStart {
  readonly event: InboundEvent;
  readonly number: InventoryNumber;
  readonly application: Exclude<ApplicationKind, 'none'>;
  readonly flowSid?: string | null;
  readonly flowRevision?: number | null;
}

/** The record of one call or message, as it starts (ringing / received). */
export const newTraffic = (deps: DepsWith<NumberTrafficRepo, 'clock' | 'ids'>, start: TrafficStart): NumberTraffic => {
  const { event, number } = start;
  const now = deps.clock.now();
  return {
    sid: deps.ids.sid('numberTraffic'),
    accountSid: number.accountSid,
    numberSid: number.sid,
    phoneNumber: number.phoneNumber,
    channel: event.channel,
    carrier: event.carrier,
    resourceSid: event.resourceSid,
    from: event.from,
    to: event.to,
    body: event.channel === 'message' ? event.body : '',
    application: start.application,
    // Only a verified (or unverifiable) attestation counts: flows branch on it (domain/attestation.ts trustedLevel).
    attestation: trustedLevel(event.attestation),
    flowSid: start.flowSid ?? null,
    flowRevision: start.flowRevision ?? null,
    status: event.channel === 'voice' ? 'ringing' : 'received',
    durationSeconds: null,
    dateCreated: now,
    dateUpdated: now,
  };
};
