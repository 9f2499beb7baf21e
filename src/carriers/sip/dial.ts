// Placing the B-leg and following it until it ends: provisional responses relayed to the caller (with
// early-media SDP), the answer ACKed and relayed, a failure mapped, the trunk's digest challenge answered
// once, the ring timeout (masq CANCELs), a trunk that never answers at all (Timer B: 503, failed), the
// hang-up of either side once answered, and the account's maximum call length (masq hangs up both legs:
// a call whose BYE was lost would otherwise stay in progress forever). Resolves when the
// dial is over; the caller's final answer after a failure is the plan runner's (plan-runner.ts).
import digest from 'sip/digest.js';
import { bLegInvite, contactOf, type BLegTarget } from './b-leg.ts';
import type { BLeg, Call } from './call.ts';
import { callerDialog, confirmFrom, requestIn } from './dialog.ts';
import { CANCELED, FAILED, NO_ANSWER, outcomeOf, type CallCause, type Outcome } from './outcomes.ts';
import { maskSdpIdentity } from './sdp-privacy.ts';
import { sdpOf, tagOf, type SipMessage } from './sip-message.ts';

export interface DialResult {
  readonly answered: boolean;
  /** Why it ended: for an answered call, who hung up. */
  readonly cause: CallCause;
  /** Null when answered. */
  readonly outcome: Outcome | null;
  readonly durationSeconds: number;
}

export interface DialOptions {
  readonly target: BLegTarget;
  readonly timeoutSeconds: number;
  /** How long the B-leg may go without any response (not even 100) before the trunk counts as down. */
  readonly trunkTimeoutSeconds: number;
  readonly trunkCredentials: { readonly username: string; readonly password: string } | null;
  /** How long the call may last once answered before masq hangs up both legs; 0: no limit. */
  readonly maxCallSeconds: number;
}

/** ISDN cause 102, "recovery on timer expiry": the Reason masq gives both legs when it ends a call at its maximum length. */
export const MAX_DURATION_REASON = 'Q.850;cause=102;text="masq maximum call length"';

const cancelOf = (invite: SipMessage): SipMessage | null => {
  const via = invite.headers.via?.[0];
  if (!via?.params.branch) return null;
  const { to, from, route } = invite.headers;
  return {
    method: 'CANCEL', uri: invite.uri,
    headers: { via: [via], to, from, 'call-id': invite.headers['call-id'], cseq: { seq: invite.headers.cseq.seq, method: 'CANCEL' }, 'max-forwards': '70', ...(route ? { route } : {}) },
  };
};

/** The same INVITE again, one CSeq on, for the trunk's challenge to be answered on. */
const nextInvite = (invite: SipMessage): SipMessage => {
  const { via: _via, authorization: _a, 'proxy-authorization': _p, ...headers } = invite.headers;
  return { ...invite, headers: { ...headers, cseq: { seq: invite.headers.cseq.seq + 1, method: 'INVITE' } } };
};

/** The SDP for the B-leg: A's offer anchored, or passed through less what it says about its writer (sdp-privacy.ts). */
const bLegOffer = async (call: Call): Promise<string | null> => {
  const offer = sdpOf(call.aInvite);
  if (offer === null) return null;
  const { anchor } = call.hooks;
  return anchor ? anchor.offer({ callId: call.callId, fromTag: call.aFromTag, sdp: offer }) : maskSdpIdentity(offer);
};

export const dial = async (call: Call, options: DialOptions): Promise<DialResult> => {
  const { stack } = call.hooks;
  const local = { host: stack.publicAddress, port: stack.port };
  let offer: string | null;
  try {
    offer = await bLegOffer(call);
  } catch (err) {
    call.hooks.onProblem(err);
    return { answered: false, cause: 'failed', outcome: FAILED, durationSeconds: 0 };
  }
  const invite = bLegInvite(call.aInvite, options.target, local, offer);
  const transport = options.target.transport;
  const b: BLeg = { invite, dialog: callerDialog(invite, transport, contactOf(local, transport)), answered: false, provisional: false, settled: false, finalStatus: null };
  call.b = b;
  call.hooks.legs.set(b.dialog.callId, call);
  call.report('B', 'initiated');
  return new Promise<DialResult>((resolve) => new Dialing(call, b, options, resolve).start());
};

/**
 * The trunk never answered at all: a failure of the trunk (down, unreachable, or dropping masq's
 * packets), not a callee who did not pick up. The caller gets 503 at once; the B-leg is recorded with
 * RFC 3261's timeout status, 408, as Timer B would report it.
 */
const TRUNK_SILENT_STATUS = 408;

/** One B-leg from its INVITE to its end: the handlers of its responses and of either side going away. */
class Dialing {
  private relaying: Promise<void> = Promise.resolve();
  private authTried = false;
  private canceledAfterProvisional = false;
  /** Late offer (A's INVITE had no SDP): B's 2xx carries the offer, A's ACK the answer, so B's ACK waits for A's. */
  private readonly lateOffer: boolean;
  private ackPending = false;
  private ringTimer: NodeJS.Timeout | null = null;
  private trunkTimer: NodeJS.Timeout | null = null;
  private lengthTimer: NodeJS.Timeout | null = null;
  /** B said something (a 100 Trying at least, or a final response with its To-tag): the trunk is there. */
  private heard = false;

  constructor(
    private readonly call: Call,
    private readonly b: BLeg,
    private readonly options: DialOptions,
    private readonly resolve: (result: DialResult) => void,
  ) {
    this.lateOffer = sdpOf(call.aInvite) === null;
  }

  private get transport(): DialOptions['target']['transport'] {
    return this.options.target.transport;
  }

  start(): void {
    this.ringTimer = setTimeout(() => this.ringTimeout(), this.options.timeoutSeconds * 1000);
    this.ringTimer.unref();
    this.watchTrunk();
    this.call.onCallerGone = (cause) => {
      if (this.b.answered) this.byeB();
      else this.cancelB();
      this.settle(this.b.answered, cause, this.b.answered ? null : CANCELED);
    };
    this.call.onCalleeGone = () => this.settle(true, 'callee-hangup', null);
    this.send(this.b.invite);
  }

  private send(invite: SipMessage): void {
    this.call.hooks.stack.send(invite, { transport: this.transport }, (response) => this.onResponse(response));
  }

  private relay(step: () => Promise<void>): void {
    this.relaying = this.relaying.then(step).catch(this.call.hooks.onProblem);
  }

  private settle(answered: boolean, cause: CallCause, outcome: Outcome | null): void {
    if (this.b.settled) return;
    this.b.settled = true;
    if (this.ringTimer) clearTimeout(this.ringTimer);
    if (this.trunkTimer) clearTimeout(this.trunkTimer);
    if (this.lengthTimer) clearTimeout(this.lengthTimer);
    this.call.onCallerGone = null;
    this.call.onCalleeGone = null;
    const answeredAt = this.call.answeredAt;
    const durationSeconds = answeredAt ? Math.max(0, Math.round((Date.now() - answeredAt.getTime()) / 1000)) : 0;
    // Relays in flight (an anchored 200 to A) finish before the runner answers A.
    void this.relaying.then(() => this.resolve({ answered, cause, outcome, durationSeconds }));
  }

  private ringTimeout(): void {
    if (this.b.answered || this.b.settled) return;
    // A ring timeout shorter than the trunk's: still nothing heard, so nothing rang.
    if (!this.heard) return this.trunkSilent();
    this.cancelB();
    this.settle(false, 'no-answer', NO_ANSWER);
  }

  private watchTrunk(): void {
    if (this.trunkTimer) clearTimeout(this.trunkTimer);
    this.trunkTimer = setTimeout(() => this.trunkSilent(), this.options.trunkTimeoutSeconds * 1000);
    this.trunkTimer.unref();
  }

  /** No response at all from B (Timer B): nothing to CANCEL (B has no transaction); a late answer is hung up. */
  private trunkSilent(): void {
    if (this.heard || this.b.answered || this.b.settled) return;
    this.b.finalStatus = TRUNK_SILENT_STATUS;
    this.settle(false, 'failed', FAILED);
  }

  /** Counts the answered call's length from the caller's 200; at the limit, masq hangs up both legs. */
  private limitLength(): void {
    const seconds = this.options.maxCallSeconds;
    if (seconds <= 0 || this.b.settled) return;
    this.lengthTimer = setTimeout(() => this.lengthReached(), seconds * 1000);
    this.lengthTimer.unref();
  }

  private lengthReached(): void {
    if (this.b.settled) return;
    const headers = { reason: MAX_DURATION_REASON };
    this.byeB(headers);
    this.call.hooks.stack.send(requestIn(this.call.a, 'BYE', { headers }), { transport: this.call.a.transport });
    this.settle(true, 'max-duration', null);
  }

  private cancelB(): void {
    const cancel = cancelOf(this.b.invite);
    if (cancel) this.call.hooks.stack.send(cancel, { transport: this.transport });
  }

  private byeB(headers?: Record<string, string>): void {
    this.call.hooks.stack.send(requestIn(this.b.dialog, 'BYE', headers ? { headers } : {}), { transport: this.transport });
  }

  private ackB(sdp: string | null): void {
    this.call.hooks.stack.send(requestIn(this.b.dialog, 'ACK', { seq: this.b.invite.headers.cseq.seq, sdp }), { transport: this.transport });
  }

  private onResponse(response: SipMessage): void {
    const status = response.status ?? 0;
    // The transaction layer makes up a 408 (its Timer B) without a To-tag; any real answer has one, or is a 1xx.
    if (status < 200 || tagOf(response.headers.to) !== null) this.heard = true;
    else if (status === TRUNK_SILENT_STATUS) return this.trunkSilent();
    if (status < 200) {
      if (status > 100) this.provisional(response);
    } else if (status < 300) {
      this.answered(response);
    } else {
      this.failedWith(response);
    }
  }

  /** The SDP for A from B's 1xx/2xx answer: anchored, or passed through less its writer's identity. */
  private async answerSdpFor(response: SipMessage): Promise<string | null> {
    const sdp = sdpOf(response);
    const { anchor } = this.call.hooks;
    if (sdp === null) return null;
    return anchor ? anchor.answer({ callId: this.call.callId, fromTag: this.call.aFromTag, toTag: tagOf(response.headers.to) ?? '', sdp }) : maskSdpIdentity(sdp);
  }

  /** Late offer: B's 2xx SDP is an offer to A (anchored with B's tag as its sender). */
  private async offerToCaller(response: SipMessage): Promise<string | null> {
    const sdp = sdpOf(response);
    const { anchor } = this.call.hooks;
    if (sdp === null) return null;
    return anchor ? anchor.offer({ callId: this.call.callId, fromTag: tagOf(response.headers.to) ?? '', sdp }) : maskSdpIdentity(sdp);
  }

  private provisional(response: SipMessage): void {
    const b = this.b;
    if (b.settled) {
      // Canceled before B said anything: a CANCEL only counts once B has a transaction for it.
      if (!this.canceledAfterProvisional && !b.answered) {
        this.canceledAfterProvisional = true;
        this.cancelB();
      }
      return;
    }
    if (tagOf(response.headers.to) !== null) confirmFrom(b.dialog, response);
    if (!b.provisional) this.call.report('B', 'ringing');
    b.provisional = true;
    this.relay(async () => {
      const sdp = await this.answerSdpFor(response);
      if (!b.settled) this.call.answerA(sdp !== null ? 183 : 180, { sdp });
    });
  }

  private answered(response: SipMessage): void {
    const b = this.b;
    confirmFrom(b.dialog, response);
    if (b.answered) {
      if (!this.ackPending) this.ackB(null); // a retransmitted 2xx: ACKed again, nothing more
      return;
    }
    b.answered = true;
    b.finalStatus = response.status ?? 200;
    if (b.settled || !this.call.callerPresent) {
      this.ackB(null);
      return this.byeB();
    }
    if (this.lateOffer) this.ackPending = true;
    else this.ackB(null);
    this.relay(() => this.connectCaller(response));
  }

  /** B answered: A gets the 200 with B's SDP, and both legs are in progress. */
  private async connectCaller(response: SipMessage): Promise<void> {
    const call = this.call;
    let sdp: string | null;
    try {
      sdp = this.lateOffer ? await this.offerToCaller(response) : await this.answerSdpFor(response);
    } catch (err) {
      call.hooks.onProblem(err);
      if (this.ackPending) this.ackB(null);
      this.byeB();
      return this.settle(false, 'failed', FAILED);
    }
    if (this.lateOffer) call.onAcked = (ack) => this.callerAcked(ack);
    call.answeredAt = new Date();
    call.answerA(200, { sdp });
    this.limitLength();
    const details = { answered_at: call.answeredAt.toISOString() };
    call.report('B', 'in-progress', { details });
    call.report('A', 'in-progress', { details });
  }

  /** Late offer: A's ACK brings its answer, which B's ACK carries (anchored as B's offer's answer). */
  private callerAcked(ack: SipMessage): void {
    const call = this.call;
    call.onAcked = null;
    this.ackPending = false;
    const sdp = sdpOf(ack);
    const { anchor } = call.hooks;
    const answer = sdp === null ? Promise.resolve(null)
      : anchor ? anchor.answer({ callId: call.callId, fromTag: tagOf(this.b.dialog.remote) ?? '', toTag: call.aFromTag, sdp }) : Promise.resolve(maskSdpIdentity(sdp));
    answer.then((body) => this.ackB(body), (err: unknown) => {
      call.hooks.onProblem(err);
      this.ackB(null);
      this.byeB();
      call.hooks.stack.send(requestIn(call.a, 'BYE'), { transport: call.a.transport });
      this.settle(true, 'failed', null);
    });
  }

  private failedWith(response: SipMessage): void {
    const status = response.status ?? 500;
    const credentials = this.options.trunkCredentials;
    if ((status === 401 || status === 407) && credentials && !this.authTried && !this.b.settled) {
      this.authTried = true;
      return this.answerChallenge(response, credentials);
    }
    this.b.finalStatus = status;
    this.settle(false, outcomeOf(status).cause, outcomeOf(status));
  }

  /** The trunk's 401/407: the INVITE again, one CSeq on, signed with the trunk credentials. */
  private answerChallenge(challenge: SipMessage, credentials: { readonly username: string; readonly password: string }): void {
    const signed = nextInvite(this.b.invite);
    try {
      digest.signRequest({}, signed, challenge, { user: credentials.username, password: credentials.password });
    } catch (err) {
      // A challenge without a usable WWW-/Proxy-Authenticate header cannot be answered: the trunk refused.
      this.call.hooks.onProblem(err);
      this.b.finalStatus = challenge.status ?? 401;
      return this.settle(false, 'failed', FAILED);
    }
    this.b.invite = signed;
    this.b.dialog.localSeq = signed.headers.cseq.seq;
    // The signed INVITE is a new transaction: the trunk has to be heard again.
    this.heard = false;
    this.watchTrunk();
    this.send(signed);
  }
}
