// Carrying out a routed call's verbs on the SIP call masq holds. A signalling-only B2BUA plays no audio, so
// it answers the caller only by connecting them (dial) or refusing: reject → 603 (404 when the number leads
// nowhere: not masq's, or in no session); hangup → 480 with
// Reason Q.850 cause 16; a spoken reply (say + hangup) → 480 with the text in the Reason header; the
// customer's markup → 480. A programmable call's verbs: Dial (a number through the trunk, or a SIP URI)
// with its action continued through the link's sink; Reject (busy → 486); Hangup; Redirect; the media
// verbs (Say, Play, Pause, Gather, Record) are skipped, and docs/carriers.md says so. A program that ends
// the call unanswered after a Dial that was not answered gives the caller that Dial's outcome (a busy
// callee: 486, busy), as a masked call's caller would get it; with no such Dial, 480.
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import type { ErrorName } from '../../domain/errors.ts';
import { STEP_SCHEME } from '../../domain/programmable/continuation.ts';
import type { DialVerb, VoiceVerb } from '../../domain/twiml/verbs.ts';
import { trunkUri, type BLegTarget } from './b-leg.ts';
import type { Call } from './call.ts';
import { dial, type DialResult } from './dial.ts';
import { dialCallStatus, outcomeOf, type Outcome } from './outcomes.ts';
import type { SipAccountConfig } from './settings.ts';
import { requestIn } from './dialog.ts';
import { parsedUri } from './sip-message.ts';

/** Twilio's <Dial> timeout when the app gives none. */
const TWILIO_DIAL_TIMEOUT_SECONDS = 30;

const hangupReason = (text: string | null): string =>
  `Q.850;cause=16${text === null ? '' : `;text="${text.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"`}`;

/** How the caller is told that masq will not connect them, once nothing more will happen. */
export const refuseCaller = (call: Call, status: number, reasonText: string | null): void => {
  if (call.aFinal !== null) return;
  call.answerA(status, status === 480 ? { headers: { reason: hangupReason(reasonText) } } : {});
  // Recorded as a callee answering the same would be (outcomes.ts): 603/486 busy, 480 no-answer, 404/503 failed.
  const outcome = { ...outcomeOf(status), status };
  call.finish(outcome.cause, outcome);
};

/**
 * Refusals that mean masq has no one behind the called number (not its number, or one in no session and
 * with no application): answered 404 Not Found, where 603 would tell the caller that a callee declined.
 */
const NOTHING_THERE: ReadonlySet<ErrorName> = new Set<ErrorName>(['no-active-session']);

/** The status a plan's `reject` is answered with: 404 for a number that leads nowhere, else 603 Decline. */
export const rejectStatusOf = (plan: CallPlan): number =>
  plan.refusal !== null && NOTHING_THERE.has(plan.refusal.code) ? 404 : 603;

/**
 * Ends the call from masq's side: BYE to an answered caller, else a refusal: the outcome of the last Dial
 * that was not answered (`lastDial`: what the callee said, so a busy callee reads busy), or 480.
 */
const endCall = (call: Call, lastDial: Outcome | null = null): void => {
  if (call.aFinal !== null && call.aFinal < 300 && call.endedAt === null) {
    call.hooks.stack.send(requestIn(call.a, 'BYE'), { transport: call.a.transport });
    call.finish('callee-hangup', null);
    return;
  }
  refuseCaller(call, lastDial?.status ?? 480, null);
};

/** Where a program goes after one of its verbs: the verbs to go on with (null: the call is over), and the last unanswered Dial's outcome. */
interface ProgramNext {
  readonly verbs: readonly VoiceVerb[] | null;
  readonly lastDial: Outcome | null;
}

/** After a dial: an answered call is over; an unanswered one leaves the caller waiting for what comes next. */
const afterDial = (call: Call, result: DialResult): boolean => {
  if (result.answered || !call.callerPresent) {
    call.finish(result.cause, result.outcome);
    return true;
  }
  return false;
};

const dialTarget = (config: SipAccountConfig, to: string, callerId: string): BLegTarget | null => {
  if (/^sips?:/i.test(to)) {
    const uri = parsedUri(to);
    const named = uri?.params.transport?.toLowerCase();
    return uri ? { uri: to, callerId, transport: named === 'tcp' ? 'tcp' : 'udp' } : null;
  }
  if (config.trunk === null) return null;
  return { uri: trunkUri(to, config.trunk, config.trunkTransport), callerId, transport: config.trunkTransport };
};

export interface PlanRunner {
  /** Carries out a routed call's in-reply verbs (its plan's verbs carried out by masq's link). */
  run(call: Call, plan: CallPlan, verbs: readonly PlanVerb[]): Promise<void>;
}

export const createPlanRunner = (config: SipAccountConfig): PlanRunner => {
  const dialOnce = (call: Call, target: BLegTarget, timeoutSeconds: number): Promise<DialResult> =>
    dial(call, { target, timeoutSeconds, trunkTimeoutSeconds: config.trunkTimeoutSeconds, trunkCredentials: config.trunkCredentials, maxCallSeconds: config.maxCallSeconds });

  /** A masked forward: the B-leg to the partner; an unanswered one is the caller's answer. */
  const forward = async (call: Call, verb: Extract<PlanVerb, { verb: 'dial' }>): Promise<void> => {
    const target = dialTarget(config, verb.to, verb.callerId);
    if (target === null) return refuseCaller(call, 404, null);
    const result = await dialOnce(call, target, verb.timeoutSeconds ?? config.ringTimeoutSeconds);
    if (afterDial(call, result)) return;
    const outcome = result.outcome ?? outcomeOf(500);
    call.answerA(outcome.status);
    call.finish(outcome.cause, outcome);
  };

  /**
   * A programmable <Dial>: no verbs when the call is over; else the verbs to go on with: what its action
   * answered, or (without an action) the verbs after it. The callee sees the app's callerId, else the
   * caller's own number (Twilio's default).
   */
  const programDial = async (call: Call, verb: DialVerb, after: readonly VoiceVerb[]): Promise<ProgramNext> => {
    const first = verb.targets[0];
    const to = first === undefined ? null : first.kind === 'number' ? first.number : first.uri;
    const target = to === null ? null : dialTarget(config, to, verb.callerId ?? call.callerNumber ?? 'anonymous');
    const result: DialResult = target === null
      ? { answered: false, cause: 'failed', outcome: outcomeOf(404), durationSeconds: 0 }
      : await dialOnce(call, target, verb.timeout ?? TWILIO_DIAL_TIMEOUT_SECONDS);
    const ended = afterDial(call, result);
    const lastDial = result.answered ? null : result.outcome;
    const action = verb.action?.startsWith(STEP_SCHEME) ? verb.action.slice(STEP_SCHEME.length) : null;
    if (action === null) return { verbs: ended ? null : after, lastDial };
    const params = {
      DialCallStatus: dialCallStatus(result.answered, result.outcome),
      DialCallDuration: String(result.durationSeconds),
      CallStatus: ended ? 'completed' : 'in-progress',
    };
    const next = await call.hooks.sink.step({ step: action, resourceSid: call.callId, params });
    // The caller hung up, or the answered call ended: the action is told, but nothing more is carried out.
    return { verbs: ended ? null : programVerbs(next), lastDial };
  };

  const programVerbs = (plan: CallPlan): readonly VoiceVerb[] => plan.verbs.flatMap((v) => (v.verb === 'program' ? v.verbs : []));

  const redirect = async (call: Call, url: string): Promise<readonly VoiceVerb[] | null> => {
    if (!url.startsWith(STEP_SCHEME)) return null;
    const next = await call.hooks.sink.step({ step: url.slice(STEP_SCHEME.length), resourceSid: call.callId, params: { CallStatus: 'ringing' } });
    return programVerbs(next);
  };

  /**
   * A program's verbs, in order, until one ends the call; then, with none left, the call ends. `lastDial`:
   * the outcome of the last Dial (in this document or an earlier one) that was not answered.
   */
  const program = async (call: Call, verbs: readonly VoiceVerb[], depth = 0, lastDial: Outcome | null = null): Promise<void> => {
    for (const [index, verb] of verbs.entries()) {
      if (!call.callerPresent || call.aFinal !== null) return;
      if (verb.verb === 'Reject') return refuseCaller(call, verb.reason === 'busy' ? 486 : 603, null);
      if (verb.verb === 'Hangup') return endCall(call, lastDial);
      if (verb.verb === 'Dial' || verb.verb === 'Redirect') {
        const next = verb.verb === 'Dial' ? await programDial(call, verb, verbs.slice(index + 1)) : { verbs: await redirect(call, verb.url), lastDial };
        if (next.verbs === null) return verb.verb === 'Redirect' ? endCall(call, lastDial) : undefined;
        // A program that keeps redirecting to itself ends rather than loops.
        if (depth > 20) return endCall(call, next.lastDial);
        return program(call, next.verbs, depth + 1, next.lastDial);
      }
      // Say, Play, Pause, Gather, Record: media a signalling-only B2BUA cannot carry out; skipped.
    }
    if (call.endedAt === null) endCall(call, lastDial);
  };

  return {
    run: async (call, plan, verbs) => {
      let spoken: string | null = null;
      for (const verb of verbs) {
        if (call.aFinal !== null && call.aFinal >= 300) return;
        switch (verb.verb) {
          case 'dial': return forward(call, verb);
          case 'program': return program(call, verb.verbs);
          case 'reject': return refuseCaller(call, rejectStatusOf(plan), null);
          case 'hangup': return refuseCaller(call, 480, spoken);
          case 'markup': return refuseCaller(call, 480, null);
          case 'say': spoken = spoken === null ? verb.text : `${spoken} ${verb.text}`; break;
          default: break; // play, message: nothing a signalling B2BUA carries out
        }
      }
      refuseCaller(call, 480, spoken);
    },
  };
};
