// Virtual phones of the sandbox carrier acting like real ones: texting and calling proxy numbers,
// answering and hanging up, and on a programmable number's call (issue 14) pressing digits, staying
// silent, leaving a voicemail, being busy or not answering a Dial. Their traffic enters through
// routeInbound, exactly as a carrier webhook would, so the sandbox exercises the production routing path
// end to end; a programmable call's steps go back through continueProgram, as a carrier's step callbacks.
import { attestationFromSandbox, verstatOf, type Attestation } from '../domain/attestation.ts';
import { planSummary, type PlanVerb } from '../domain/call-plan.ts';
import { AppError, invalidParameter, notFound } from '../domain/errors.ts';
import { checkMediaUrls } from '../domain/media-urls.ts';
import { normalizeInbound, parseIdentifier } from '../domain/phone-number.ts';
import type { InboundEvent } from '../domain/routing.ts';
import { SANDBOX_CARRIER as SANDBOX, type PhoneBehaviour, type SandboxCall, type SandboxCallStatus, type SandboxMessage, type SandboxPhones } from '../ports/sandbox.ts';
import type { NumberRepo, RoutingQueries } from '../ports/store.ts';
import type { AppDeps, DepsWith } from './deps.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import type { ExecutedPlan } from './execute-plan.ts';
import { continueProgram } from './programmable/continue-program.ts';
import { routeInbound } from './route-inbound.ts';
import {
  callerHangsUp, dialedPhoneActs, isProgramPlan, keepSilent, leaveVoicemail, pressDigits, programCallOf, startProgram,
  type DialedPhoneEvent, type ProgramEnv,
} from './sandbox-program.ts';
import type { Voicemail } from './sandbox/program-run.ts';


/** A virtual phone's address, normalised as carriers deliver it (E.164; Mexico's +521 folded). */
const address = (raw: string, param: string): string => {
  try {
    const parsed = parseIdentifier(raw);
    return parsed.kind === 'phone' ? normalizeInbound(parsed.e164) : parsed.raw;
  } catch {
    throw invalidParameter(param, 'Expected an E.164 number or a channel address.');
  }
};

const notSandbox = (what: string): AppError =>
  new AppError('sandbox-number-required', `${what}: virtual phones may only text and call through numbers on the ${SANDBOX} carrier, so the sandbox never sends real traffic`);

/**
 * Where sandbox traffic may go: this account's numbers only (one tenant's phones never probe another's
 * pools), and only numbers on the sandbox carrier, in sessions whose partner is on it too: a virtual phone
 * can claim any address, so through a real carrier's number it would send real messages in someone's name.
 */
const checkDestination = async (deps: DepsWith<NumberRepo & RoutingQueries>, accountSid: string, from: string, to: string): Promise<void> => {
  const number = await deps.store.findNumberByE164(to);
  if (number && number.accountSid !== accountSid) throw notFound(`/PhoneNumbers/${to}`);
  if (number && number.carrier !== SANDBOX) throw notSandbox(`${to} is on the ${number.carrier} carrier`);
  const route = await deps.store.findInboundRoute(to, from);
  if (route?.partnerCarrier && route.partnerCarrier !== SANDBOX) {
    throw notSandbox(`The partner in session ${route.session.sid} is reached through the ${route.partnerCarrier} carrier`);
  }
};

/**
 * The deps sandbox traffic is routed with: only the sandbox carrier. A session that changes between the
 * check above and the routing (or one an out-of-session callback creates) still cannot send through a real
 * carrier: the attempt fails with sandbox-number-required (80610) before anything leaves.
 */
const sandboxOnly = (deps: AppDeps): AppDeps => ({
  ...deps,
  carriers: {
    get: (name) => {
      if (name !== SANDBOX) throw notSandbox(`This traffic would leave through the ${name} carrier`);
      return deps.carriers.get(name);
    },
    find: (name) => (name === SANDBOX ? deps.carriers.find(name) : null),
    names: () => deps.carriers.names().filter((name) => name === SANDBOX),
  },
});

const event = (channel: InboundEvent['channel'], resourceSid: string, from: string, to: string, body: string, mediaUrls: readonly string[]): InboundEvent => ({
  channel, carrier: SANDBOX, resourceSid, from, to, body, mediaUrls,
  // What a Twilio-style webhook would carry, for the out-of-session callback.
  carrierParams: channel === 'message'
    ? { From: from, To: to, Body: body, MessageSid: resourceSid, NumMedia: String(mediaUrls.length) }
    : { From: from, To: to, CallSid: resourceSid, CallStatus: 'ringing', Direction: 'inbound', Caller: from, Called: to },
});

export const sandboxSendMessage = async (
  deps: AppDeps, phones: SandboxPhones, accountSid: string, input: { from: string; to: string; body: string; mediaUrls: readonly string[] },
): Promise<{ message: SandboxMessage; outcome: ExecutedPlan }> => {
  const mediaUrls = checkMediaUrls(input.mediaUrls);
  const from = address(input.from, 'From');
  const to = address(input.to, 'To');
  await checkDestination(deps, accountSid, from, to);
  const sid = deps.ids.sid('message');
  const sent = { sid, from, to, body: input.body, mediaUrls, dateCreated: deps.clock.now() };
  phones.recordSent(accountSid, sent);
  const outcome = await routeInbound(sandboxOnly(deps), event('message', sid, from, to, input.body, mediaUrls));
  return { message: { ...sent, direction: 'sent' }, outcome };
};

/** What the caller hears of the answer's verbs: spoken text, or the customer's markup as it came. */
const heardOf = (verbs: readonly PlanVerb[]): string | null => {
  const heard = verbs.flatMap((v) => (v.verb === 'say' ? [v.text] : v.verb === 'markup' ? [v.body] : []));
  return heard.length > 0 ? heard.join('\n') : null;
};

/** What the caller's leg becomes when masq does not bridge it. */
const unbridged = (outcome: ExecutedPlan, at: Date): Pick<SandboxCall, 'status' | 'heardLog'> => {
  const heard = heardOf(outcome.inReply);
  if (heard !== null) return { status: 'completed', heardLog: [{ text: heard, at }] };
  return { status: 'busy', heardLog: [] }; // rejected, as Twilio's <Reject/> sounds to the caller
};

/**
 * How a programmable call's steps and statuses reach masq from the sandbox: as a carrier's step callback
 * (continueProgram) and status callback (recordResourceStatus) would, through the sandbox carrier only.
 */
const programEnv = (deps: AppDeps, phones: SandboxPhones): ProgramEnv => ({
  phones,
  clock: deps.clock,
  newCallSid: () => deps.ids.sid('call'),
  continueStep: (step) => continueProgram(sandboxOnly(deps), { carrier: SANDBOX, ...step }),
  reportStatus: (report) => recordResourceStatus(deps, {
    interactionSid: null, resourceSid: report.callSid, resourceType: 'Call', status: report.status, durationSeconds: report.durationSeconds, carrier: SANDBOX,
  }),
});

/** A simulated call's STIR/SHAKEN (A, B, C or a Twilio verstat), carried as Twilio's StirVerstat would be. */
const attested = (base: InboundEvent, attestation: Attestation | undefined): InboundEvent => {
  if (!attestation) return base;
  const verstat = verstatOf(attestation);
  return { ...base, attestation, carrierParams: verstat === null ? base.carrierParams : { ...base.carrierParams, StirVerstat: verstat } };
};

export const sandboxPlaceCall = async (
  deps: AppDeps, phones: SandboxPhones, accountSid: string, input: { from: string; to: string; attestation?: string | undefined },
): Promise<{ call: SandboxCall; outcome: ExecutedPlan }> => {
  const from = address(input.from, 'From');
  const to = address(input.to, 'To');
  const attestation = attestationFromSandbox(input.attestation);
  await checkDestination(deps, accountSid, from, to);
  const call = phones.startCall(accountSid, { sid: deps.ids.sid('call'), from, to, bridgedWith: null, dateCreated: deps.clock.now() });
  const outcome = await routeInbound(sandboxOnly(deps), attested(event('voice', call.sid, from, to, '', []), attestation));
  if (isProgramPlan(outcome.plan)) return { call: await startProgram(programEnv(deps, phones), accountSid, call, outcome.plan), outcome };
  if (planSummary(outcome.plan) === 'forward') return { call: phones.findCall(accountSid, call.sid) ?? call, outcome };
  const now = deps.clock.now();
  const ended = phones.updateCall(accountSid, call.sid, { ...unbridged(outcome, now), endedAt: now, durationSeconds: 0 });
  return { call: ended ?? call, outcome };
};

/** A call leg of this account's network; another account's reads as absent, never as a hint that it exists. */
const legOf = (phones: SandboxPhones, accountSid: string, sid: string): SandboxCall => {
  const call = phones.findCall(accountSid, sid);
  if (!call) throw notFound(`/sandbox/calls/${sid}`);
  return call;
};

export const sandboxFetchCall = (phones: SandboxPhones, accountSid: string, sid: string): SandboxCall => legOf(phones, accountSid, sid);

const notRinging = (sid: string): AppError => new AppError('parameter-invalid', `Call ${sid} is not ringing at a virtual phone`);

/**
 * A phone a programmable call's Dial rings acts (answer, busy, no-answer); null when the leg is no such
 * phone's. Busy and no-answer exist for those legs only: a masked call's partner declines with a hang-up.
 */
const dialedPhone = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, leg: SandboxCall, event: DialedPhoneEvent): Promise<SandboxCall | null> => {
  const env = programEnv(deps, phones);
  const owner = programCallOf(env, accountSid, leg);
  if (!owner?.dialed) return null;
  return dialedPhoneActs(env, accountSid, leg, owner.call, event);
};

/** A phone a programmable call's Dial rings is busy or lets it ring out (its Dial's timeout elapsing). */
export const sandboxDeclineCall = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string, event: 'busy' | 'no-answer'): Promise<SandboxCall> => {
  const leg = legOf(phones, accountSid, sid);
  if (leg.status !== 'ringing') throw notRinging(sid);
  const acted = await dialedPhone(deps, phones, accountSid, leg, event);
  if (!acted) throw new AppError('parameter-invalid', `Call ${sid} is not ringing for a programmable number's <Dial>: a masked call's partner declines with hangup`);
  return acted;
};

/** The called phone picks up: both legs are in progress from now on. */
export const sandboxAnswerCall = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string): Promise<SandboxCall> => {
  const leg = legOf(phones, accountSid, sid);
  if (leg.status !== 'ringing' || !leg.bridgedWith) throw notRinging(sid);
  const dialed = await dialedPhone(deps, phones, accountSid, leg, 'answer');
  if (dialed) return dialed;
  const now = deps.clock.now();
  const answered = phones.updateCall(accountSid, sid, { status: 'in-progress', answeredAt: now }) ?? leg;
  phones.updateCall(accountSid, leg.bridgedWith, { status: 'in-progress', answeredAt: now });
  await recordResourceStatus(deps, { interactionSid: null, resourceSid: sid, resourceType: 'Call', status: 'in-progress' });
  return answered;
};

const endStatus = (leg: SandboxCall, byCaller: boolean): SandboxCallStatus => {
  if (leg.answeredAt) return 'completed';
  return byCaller ? 'canceled' : 'busy';
};

/** Either side hangs up: both legs end; an answered call gets its duration (seconds, rounded up as carriers bill). */
export const sandboxHangUp = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string): Promise<SandboxCall> => {
  const leg = legOf(phones, accountSid, sid);
  if (leg.endedAt) return leg;
  const env = programEnv(deps, phones);
  const program = programCallOf(env, accountSid, leg);
  if (program) return program.dialed ? dialedPhoneActs(env, accountSid, leg, program.call, 'hangup') : callerHangsUp(env, accountSid, leg);
  const now = deps.clock.now();
  const other = leg.bridgedWith ? phones.findCall(accountSid, leg.bridgedWith) : null;
  // The caller's leg is the one masq did not place: it has no leg of its own that it bridges to yet, or it was first.
  const byCaller = !other || leg.dateCreated.getTime() <= other.dateCreated.getTime();
  const status = endStatus(leg, byCaller);
  const durationSeconds = leg.answeredAt ? Math.max(0, Math.ceil((now.getTime() - leg.answeredAt.getTime()) / 1000)) : 0;
  const ended = phones.updateCall(accountSid, sid, { status, endedAt: now, durationSeconds }) ?? leg;
  if (other && !other.endedAt) phones.updateCall(accountSid, other.sid, { status, endedAt: now, durationSeconds });
  for (const call of [ended, other]) {
    if (!call) continue;
    await recordResourceStatus(deps, { interactionSid: null, resourceSid: call.sid, resourceType: 'Call', status, durationSeconds });
  }
  return ended;
};

/** Keys a phone can press: DTMF digits, * and #, at most 64 at a time (a Gather's numDigits rarely nears it). */
const KEYS = /^[0-9*#]{1,64}$/;
const MAX_PRESET_DIGITS = 20;

const checkKeys = (keys: string, param: string): string => {
  if (!KEYS.test(keys)) throw invalidParameter(param, 'Expected 1 to 64 keys among 0-9, * and #.');
  return keys;
};

/** The caller of a programmable call presses keys (during a <Gather>). */
export const sandboxPressDigits = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string, digits: string): Promise<SandboxCall> =>
  pressDigits(programEnv(deps, phones), accountSid, legOf(phones, accountSid, sid), checkKeys(digits, 'Digits'));

/** The caller of a programmable call stays silent: a <Gather> times out, a <Record> gets nothing. */
export const sandboxKeepSilent = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string): Promise<SandboxCall> =>
  keepSilent(programEnv(deps, phones), accountSid, legOf(phones, accountSid, sid));

/** The caller of a programmable call leaves a message (during a <Record>). */
export const sandboxLeaveVoicemail = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string, voicemail: Voicemail): Promise<SandboxCall> =>
  leaveVoicemail(programEnv(deps, phones), accountSid, legOf(phones, accountSid, sid), voicemail);

/** A virtual phone's standing behaviour, under its normalised address. */
export const sandboxBehaviourOf = (phones: SandboxPhones, accountSid: string, raw: string): { phone: string; behaviour: PhoneBehaviour } => {
  const phone = address(raw, 'number');
  return { phone, behaviour: phones.behaviourOf(accountSid, phone) };
};

/** Replaces a phone's standing behaviour: each entry of `digits` is '' (silence) or keys, at most 20 entries. */
export const sandboxSetBehaviour = (phones: SandboxPhones, accountSid: string, raw: string, behaviour: PhoneBehaviour): { phone: string; behaviour: PhoneBehaviour } => {
  const phone = address(raw, 'number');
  if (behaviour.digits.length > MAX_PRESET_DIGITS) throw invalidParameter('Digits', `At most ${MAX_PRESET_DIGITS} entries, one per <Gather>.`);
  for (const keys of behaviour.digits) if (keys !== '') checkKeys(keys, 'Digits');
  phones.setBehaviour(accountSid, phone, behaviour);
  return { phone, behaviour: phones.behaviourOf(accountSid, phone) };
};
