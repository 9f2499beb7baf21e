// One masked call in memory: the caller's leg (A, masq as its callee), the leg masq placed (B), where the
// call stands, and its records. A call lives only in the process that took its INVITE: if that instance
// dies, the call is lost (the peers' session timers or RTP timeouts end it); docs/carriers.md says so.
import type { CarrierStatusReport, LinkSink } from '../../ports/carrier.ts';
import type { ResourceStatus } from '../../domain/interaction.ts';
import type { Dialog } from './dialog.ts';
import type { MediaAnchor } from './media-anchor.ts';
import type { CallCause, Outcome } from './outcomes.ts';
import { retransmitUntilAcked } from './retransmit.ts';
import { reasonOf, responseTo, tagOf, type SipMessage } from './sip-message.ts';
import type { SipRemote, SipStack } from './sip-stack.ts';

export interface BLeg {
  /** The INVITE as last sent (after a digest challenge, the signed one: CANCEL must name its branch). */
  invite: SipMessage;
  readonly dialog: Dialog;
  answered: boolean;
  provisional: boolean;
  /** The dial is over (answered and ended, or not answered); late responses are only cleaned up. */
  settled: boolean;
  finalStatus: number | null;
}

export interface CallHooks {
  readonly stack: SipStack;
  readonly sink: LinkSink;
  readonly anchor: MediaAnchor | null;
  readonly accountName: string;
  readonly onProblem: (err: unknown) => void;
  /** The calls in progress by each leg's Call-ID: a B-leg is added when it is placed. */
  readonly legs: Map<string, Call>;
}

export class Call {
  readonly a: Dialog;
  readonly aInvite: SipMessage;
  readonly aRemote: SipRemote;
  /** Set once masq sent its final response to A's INVITE. */
  aFinal: number | null = null;
  aAcked = false;
  b: BLeg | null = null;
  /** The B-leg's dial in progress: how masq tells it that A went away. */
  onCallerGone: ((cause: CallCause) => void) | null = null;
  /** A's ACK of masq's 2xx arrived (a late offer's answer rides on it). */
  onAcked: ((ack: SipMessage) => void) | null = null;
  /** The answered B-leg's callee hung up. */
  onCalleeGone: (() => void) | null = null;
  interactionSid: string | null = null;
  /** The caller's number as routed (E.164). */
  callerNumber: string | null = null;
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  cause: CallCause | null = null;
  private reports: Promise<void> = Promise.resolve();
  private stopRetransmit: (() => void) | null = null;
  /** Relayed re-INVITE 2xx answers resent until their ACK, by the sender's Call-ID and CSeq. */
  private readonly awaitingAck = new Map<string, () => void>();

  constructor(readonly hooks: CallHooks, aInvite: SipMessage, aRemote: SipRemote, a: Dialog) {
    this.aInvite = aInvite;
    this.aRemote = aRemote;
    this.a = a;
  }

  get callId(): string {
    return this.a.callId;
  }

  get aFromTag(): string {
    return tagOf(this.a.remote) ?? '';
  }

  /** A is still there: not answered finally with a failure, not hung up. */
  get callerPresent(): boolean {
    return this.endedAt === null && (this.aFinal === null || (this.aFinal >= 200 && this.aFinal < 300));
  }

  /** A response to A's INVITE, with masq's To-tag. */
  answerA(status: number, extra: { readonly sdp?: string | null; readonly headers?: Record<string, string>; readonly reason?: string } = {}): void {
    if (this.aFinal !== null) return;
    const headers = { ...(status >= 180 && status < 300 ? { contact: `<${this.a.contact}>` } : {}), ...extra.headers };
    const response = responseTo(this.aInvite, status, extra.reason ?? reasonOf(status), { toTag: tagOf(this.a.local) ?? '', headers, sdp: extra.sdp ?? null });
    if (status >= 200) this.aFinal = status;
    this.hooks.stack.respond(response);
    if (status >= 200 && status < 300 && this.aRemote.protocol === 'udp') this.stopRetransmit = retransmitUntilAcked(() => this.hooks.stack.respond(response));
  }

  acked(ack: SipMessage): void {
    if (!this.aAcked) this.onAcked?.(ack);
    this.aAcked = true;
    this.stopRetransmit?.();
  }

  /** A relayed re-INVITE's 2xx is being resent (retransmit.ts) until the ACK with this Call-ID and CSeq. */
  expectAck(callId: string, seq: number, stop: () => void): void {
    this.awaitingAck.get(`${callId} ${seq}`)?.();
    this.awaitingAck.set(`${callId} ${seq}`, stop);
  }

  /** An ACK on either leg: A's first one, or one for a relayed re-INVITE's 2xx. */
  ackArrived(ack: SipMessage): void {
    const key = `${ack.headers['call-id']} ${ack.headers.cseq.seq}`;
    this.awaitingAck.get(key)?.();
    this.awaitingAck.delete(key);
    if (ack.headers['call-id'] === this.callId) this.acked(ack);
  }

  /** Records a status of a leg, in order with the call's other reports; failures are the link's problems. */
  report(leg: 'A' | 'B', status: ResourceStatus, extra: { readonly durationSeconds?: number | null; readonly errorCode?: string | null; readonly details?: Record<string, string> } = {}): void {
    const resourceSid = leg === 'A' ? this.callId : this.b?.dialog.callId ?? null;
    // A B-leg no interaction knows (a programmable call's <Dial>) has nothing to record it on.
    if (leg === 'B' && this.interactionSid === null) return;
    const report: CarrierStatusReport = {
      interactionSid: this.interactionSid, resourceSid, resourceType: 'Call', status,
      durationSeconds: extra.durationSeconds ?? null, errorCode: extra.errorCode ?? null, ...(extra.details ? { details: extra.details } : {}),
    };
    this.reports = this.reports.then(() => this.hooks.sink.report({ kind: 'status', report })).catch(this.hooks.onProblem);
  }

  /** Resolves once every report so far was recorded (or failed). */
  settledReports(): Promise<void> {
    return this.reports;
  }

  /** The end of the call's records: both legs' final statuses, with duration and cause. */
  finish(cause: CallCause, outcome: Outcome | null): void {
    if (this.endedAt !== null) return;
    this.endedAt = new Date();
    this.cause = cause;
    if (this.aAcked) this.stopRetransmit?.();
    const ended = this.endedAt.toISOString();
    const times = { ...(this.answeredAt ? { answered_at: this.answeredAt.toISOString() } : {}), ended_at: ended, cause };
    if (this.answeredAt) {
      const durationSeconds = Math.max(0, Math.round((this.endedAt.getTime() - this.answeredAt.getTime()) / 1000));
      if (this.b?.answered) this.report('B', 'completed', { durationSeconds, details: { ...times, sip_status: '200' } });
      this.report('A', 'completed', { durationSeconds, details: times });
    } else {
      const status = outcome?.callStatus ?? 'failed';
      if (this.b) this.report('B', status, { errorCode: this.b.finalStatus === null ? null : String(this.b.finalStatus), details: { ...times, sip_status: String(this.b.finalStatus ?? outcome?.status ?? '') } });
      this.report('A', status, { errorCode: outcome ? String(outcome.status) : null, details: times });
    }
    if (this.hooks.anchor) void this.hooks.anchor.delete({ callId: this.callId, fromTag: this.aFromTag }).catch(this.hooks.onProblem);
  }
}
