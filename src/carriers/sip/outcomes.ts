// How a B-leg that was not answered ends, from its final SIP status: what masq answers the caller (never
// the callee's own code, which could say more than masking should), the call status masq records, and
// Twilio's DialCallStatus for a programmable call's <Dial action>.
import type { ResourceStatus } from '../../domain/interaction.ts';

/** Why a call ended; `max-duration`: masq hung up an answered call at the account's maxCallSeconds. */
export type CallCause = 'caller-hangup' | 'callee-hangup' | 'max-duration' | 'busy' | 'no-answer' | 'canceled' | 'failed';

export interface Outcome {
  /** The final response masq sends the caller. */
  readonly status: number;
  readonly callStatus: Extract<ResourceStatus, 'busy' | 'no-answer' | 'failed' | 'canceled'>;
  readonly cause: CallCause;
}

export const BUSY: Outcome = { status: 486, callStatus: 'busy', cause: 'busy' };
export const NO_ANSWER: Outcome = { status: 480, callStatus: 'no-answer', cause: 'no-answer' };
export const CANCELED: Outcome = { status: 487, callStatus: 'canceled', cause: 'canceled' };
export const FAILED: Outcome = { status: 503, callStatus: 'failed', cause: 'failed' };

/** The outcome of a B-leg's final non-2xx status. */
export const outcomeOf = (status: number): Outcome => {
  if (status === 486 || status === 600) return BUSY;
  // A decline is reported busy, as Twilio's SIP interface does; the caller hears the decline.
  if (status === 403 || status === 603) return { status: 603, callStatus: 'busy', cause: 'busy' };
  if (status === 408 || status === 480 || status === 487) return NO_ANSWER;
  if (status === 404 || status === 484 || status === 410 || status === 604) return { status: 404, callStatus: 'failed', cause: 'failed' };
  // The callee cannot take the caller's media: the caller may offer other codecs, so it is told.
  if (status === 488 || status === 606) return { status: 488, callStatus: 'failed', cause: 'failed' };
  return FAILED;
};

/** Twilio's DialCallStatus for a finished <Dial>: completed when it was answered. */
export const dialCallStatus = (answered: boolean, outcome: Outcome | null): string =>
  answered || outcome === null ? 'completed' : outcome.callStatus;
