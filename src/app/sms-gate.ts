// US SMS registration gating at send time (domain/messaging/sms-gate.ts has the rule; docs/messaging.md
// "Gating"). Every outbound SMS masq places on someone's behalf asks gateSend just before it leaves: a
// proxy forward (sent by API in forward-jobs.ts, or in the webhook's answer, decided in plan-inbound.ts)
// and a MessageInteraction. The send is always accepted; a blocked one fails on its outbound leg, as at
// Twilio. Traffic that cannot be gated (not toward US/CA, not from a US long code or toll-free number)
// is answered without reading anything; the rest costs one read (SmsGateRepo.senderGateFacts), or none
// on the routing path, whose route read brings the facts (gateReadSend).
import {
  applyGatingMode, checkSmsGate, DEFAULT_SMS_GATING, gateProblem, mayBeGated, smsGatingOf,
  type GateOutcome, type GateProblem, type SmsGatingMode,
} from '../domain/messaging/sms-gate.ts';
import { NUMBER_TYPES, type NumberType } from '../domain/inventory-number.ts';
import type { NumberPolicy } from '../domain/number-lifecycle.ts';
import type { SenderGateFacts, SmsGateRepo } from '../ports/store.ts';
import type { AppDeps, AppSettings, DepsWith } from './deps.ts';
import { storedPolicyFields } from './number-policy.ts';

export interface GatedSend {
  readonly accountSid: string;
  readonly interactionSid: string | null;
  readonly from: string;
  readonly to: string;
}

const SEND: GateOutcome = { kind: 'send' };

/** The installation's mode for accounts that set none. */
export const gatingDefault = (settings: Pick<AppSettings, 'smsGating'>): SmsGatingMode => settings.smsGating ?? DEFAULT_SMS_GATING;

/** The policy as it applies: an account that set no mode shows the installation's. */
export const withGatingDefault = (policy: NumberPolicy, settings: Pick<AppSettings, 'smsGating'>): NumberPolicy =>
  ({ ...policy, smsGating: policy.smsGating ?? gatingDefault(settings) });

const numberTypeOf = (value: string | null): NumberType | null => NUMBER_TYPES.find((type) => type === value) ?? null;

type ReadGateDeps = Pick<AppDeps, 'settings'> & Partial<Pick<AppDeps, 'smsGateEvents'>>;
type GateDeps = DepsWith<SmsGateRepo, 'settings'> & ReadGateDeps;

const gateWithFacts = (deps: ReadGateDeps, send: GatedSend, facts: SenderGateFacts): GateOutcome => {
  const mode = smsGatingOf(storedPolicyFields(facts.policy), gatingDefault(deps.settings));
  if (mode === 'off') return SEND;
  const error = checkSmsGate({ from: send.from, to: send.to, inventoryType: numberTypeOf(facts.numberType), registration: facts.registration });
  const outcome = applyGatingMode(mode, error === null ? null : gateProblem(error, send.from, send.to));
  if (outcome.kind === 'warn') {
    deps.smsGateEvents?.warned({ ...send, code: outcome.problem.code, message: outcome.problem.message });
  }
  return outcome;
};

/** What happens to this send: sent, sent with a warning (reported), or blocked with its code. */
export const gateSend = async (deps: GateDeps, send: GatedSend): Promise<GateOutcome> => {
  if (!mayBeGated(send.from, send.to)) return SEND;
  return gateWithFacts(deps, send, await deps.store.senderGateFacts(send.accountSid, send.from));
};

/**
 * gateSend with the facts already read (the routing path reads them with its route, findInboundRoute):
 * the same outcome, and the same warning reported, with no read of its own.
 */
export const gateReadSend = (deps: ReadGateDeps, send: GatedSend, facts: SenderGateFacts): GateOutcome =>
  mayBeGated(send.from, send.to) ? gateWithFacts(deps, send, facts) : SEND;

/**
 * What the interaction's data records about the outcome: a blocked send the code (`error_code`, as other
 * blocked traffic records it) and why; a warned one `masq_warning`. Nothing for a clean send.
 */
export const gateDataFields = (outcome: GateOutcome): Readonly<Record<string, unknown>> => {
  if (outcome.kind === 'block') return { blocked: outcome.problem.message, error_code: outcome.problem.code };
  if (outcome.kind === 'warn') return { masq_warning: warningOf(outcome.problem) };
  return {};
};

const warningOf = (problem: GateProblem) => ({ code: problem.code, message: problem.message });
