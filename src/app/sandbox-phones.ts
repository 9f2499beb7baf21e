// Virtual phones of the sandbox carrier acting like real ones: texting and calling proxy numbers,
// answering and hanging up. Their traffic enters through routeInbound, exactly as a carrier webhook
// would, so the sandbox exercises the production routing path end to end.
import { attestationFromSandbox, verstatOf, type Attestation } from '../domain/attestation.ts';
import { planSummary, type PlanVerb } from '../domain/call-plan.ts';
import { AppError, invalidParameter, notFound } from '../domain/errors.ts';
import { checkMediaUrls } from '../domain/media-urls.ts';
import { normalizeInbound, parseIdentifier } from '../domain/phone-number.ts';
import type { InboundEvent } from '../domain/routing.ts';
import { SANDBOX_CARRIER as SANDBOX, type SandboxCall, type SandboxCallStatus, type SandboxMessage, type SandboxPhones } from '../ports/sandbox.ts';
import type { NumberRepo, RoutingQueries } from '../ports/store.ts';
import type { AppDeps, DepsWith } from './deps.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import type { ExecutedPlan } from './execute-plan.ts';
import { routeInbound } from './route-inbound.ts';


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
const unbridged = (outcome: ExecutedPlan): { status: SandboxCallStatus; heard: string | null } => {
  const heard = heardOf(outcome.inReply);
  if (heard !== null) return { status: 'completed', heard };
  return { status: 'busy', heard: null }; // rejected, as Twilio's <Reject/> sounds to the caller
};

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
  if (planSummary(outcome.plan) === 'forward') return { call: phones.findCall(accountSid, call.sid) ?? call, outcome };
  const ended = phones.updateCall(accountSid, call.sid, { ...unbridged(outcome), endedAt: deps.clock.now(), durationSeconds: 0 });
  return { call: ended ?? call, outcome };
};

/** A call leg of this account's network; another account's reads as absent, never as a hint that it exists. */
const legOf = (phones: SandboxPhones, accountSid: string, sid: string): SandboxCall => {
  const call = phones.findCall(accountSid, sid);
  if (!call) throw notFound(`/sandbox/calls/${sid}`);
  return call;
};

export const sandboxFetchCall = (phones: SandboxPhones, accountSid: string, sid: string): SandboxCall => legOf(phones, accountSid, sid);

/** The called phone picks up: both legs are in progress from now on. */
export const sandboxAnswerCall = async (deps: AppDeps, phones: SandboxPhones, accountSid: string, sid: string): Promise<SandboxCall> => {
  const leg = legOf(phones, accountSid, sid);
  if (leg.status !== 'ringing' || !leg.bridgedWith) throw new AppError('parameter-invalid', `Call ${sid} is not ringing at a virtual phone`);
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
