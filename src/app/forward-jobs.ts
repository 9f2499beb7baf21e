// Forwards that leave through a carrier's API, as durable jobs: a message sent from the partner's number
// (kind 'send-message') or a call bridged by the carrier holding its inbound leg ('bridge-call'). The
// job is written in the same transaction as the interaction, so a crash after that commit can never
// lose the forward: it is run at once (execute-plan.ts), and by the job worker if that did not finish.
// A send is retried only when the carrier provably did not act on it (CarrierSendError.unsent).
import type { ResourceStatus } from '../domain/interaction.ts';
import type { InboundEvent } from '../domain/routing.ts';
import { CarrierSendError, type SentResource } from '../ports/carrier.ts';
import type { Job, NewJob, RecordedForward } from '../ports/store.ts';
import { describeFailure } from './callbacks/wire.ts';
import type { AppDeps } from './deps.ts';
import type { JobLease, JobResult } from './run-jobs.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import { gateDataFields, gateSend } from './sms-gate.ts';

/** A message forward retried while the carrier says it did not take it; then it is failed. */
const MESSAGE_ATTEMPTS = 5;
/** A caller waits on a bridge: one retry at most, a late bridge is no use to anyone. */
const BRIDGE_ATTEMPTS = 2;

/** The forward job's id follows from its interaction: a retried webhook finds it without a read. */
export const forwardJobId = (interactionSid: string): string => `FW${interactionSid}`;

/**
 * The job that sends the interaction's outbound message through `target.carrier`: a forward, or a
 * MessageInteraction through an account whose sends only its link's holder can make (send-message-interaction.ts).
 */
export const messageJob = (deps: Pick<AppDeps, 'clock'>, accountSid: string, target: Target, message: { readonly body: string; readonly mediaUrls: readonly string[] }): NewJob => {
  const now = deps.clock.now();
  return {
    id: forwardJobId(target.interactionSid), accountSid, nextAttemptAt: now, dateCreated: now, kind: 'send-message', maxAttempts: MESSAGE_ATTEMPTS,
    payload: { ...target, body: message.body, mediaUrls: [...message.mediaUrls] },
  };
};

/** The job that carries out an API forward for the interaction; null when the forward is in the webhook's answer. */
export const forwardJob = (deps: AppDeps, accountSid: string, event: InboundEvent, interactionSid: string, forward: RecordedForward): NewJob | null => {
  if (forward.sentBy === null) return null;
  const now = deps.clock.now();
  const target = { carrier: forward.sentBy, interactionSid, from: forward.from, to: forward.to };
  if (event.channel === 'message') return messageJob(deps, accountSid, target, event);
  return {
    id: forwardJobId(interactionSid), accountSid, nextAttemptAt: now, dateCreated: now,
    kind: 'bridge-call', maxAttempts: BRIDGE_ATTEMPTS, payload: { ...target, inboundResourceSid: event.resourceSid },
  };
};

export interface Target {
  readonly carrier: string;
  readonly interactionSid: string;
  readonly from: string;
  readonly to: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const targetOf = (job: Job): Target | null => {
  const carrier = text(job.payload.carrier);
  const interactionSid = text(job.payload.interactionSid);
  const from = text(job.payload.from);
  const to = text(job.payload.to);
  return carrier && interactionSid && from && to ? { carrier, interactionSid, from, to } : null;
};

const mediaOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The attempt that, failing, ends the job: the interaction's leg is then recorded as failed. */
const isLastAttempt = (job: Job, allowed: number): boolean => job.attempts + 1 >= (job.maxAttempts ?? allowed);

const record = (
  deps: AppDeps, target: Target, type: 'Message' | 'Call', sent: SentResource | null, status?: ResourceStatus, dataFields?: Readonly<Record<string, unknown>>,
): Promise<void> =>
  recordResourceStatus(deps, {
    interactionSid: target.interactionSid, resourceSid: sent?.sid ?? null, resourceType: type,
    status: status ?? sent?.status ?? 'failed', resourceUrl: sent?.url ?? null, ...(dataFields && { dataFields }),
  });

/** One attempt of a send; what the carrier said is recorded on the interaction's outbound leg. */
const attemptSend = async (
  deps: AppDeps, job: Job, target: Target, type: 'Message' | 'Call', send: () => Promise<SentResource>, allowed: number, dataFields?: Readonly<Record<string, unknown>>,
): Promise<JobResult> => {
  try {
    await record(deps, target, type, await send(), undefined, dataFields);
    return { kind: 'done' };
  } catch (err) {
    const retry = err instanceof CarrierSendError && err.unsent && !isLastAttempt(job, allowed);
    // A send whose fate is unknown is never repeated (it could reach the partner twice): failed now.
    if (!retry) await record(deps, target, type, null, 'failed');
    return retry ? { kind: 'retry', error: describeFailure(err) } : { kind: 'give-up', error: describeFailure(err) };
  }
};

/** Time kept back from the lease for recording the outcome, so the attempt is settled before the lease ends. */
const SETTLE_MARGIN_MS = 1_000;

/**
 * The wall-clock time the send must end by: the lease's end (measured on the injected clock, which
 * tests move by hand) less the margin, so no other instance can run the job while this send is in flight.
 */
const deadlineOf = (deps: AppDeps, lease: JobLease): Date => {
  const left = lease.until.getTime() - deps.clock.now().getTime();
  return new Date(Date.now() + Math.max(0, left - Math.min(SETTLE_MARGIN_MS, left / 5)));
};

const unusable = (job: Job): JobResult => ({ kind: 'give-up', error: `job ${job.id} has an unusable payload` });

export const sendMessageJob = async (deps: AppDeps, job: Job, lease: JobLease): Promise<JobResult> => {
  const target = targetOf(job);
  if (!target) return unusable(job);
  const account = deps.carriers.find(target.carrier);
  if (!account) return { kind: 'give-up', error: `no carrier account named '${target.carrier}' is configured` };
  // An account whose traffic flows over a link (an SMPP bind) sends only where the link is up: the others leave the job to it.
  if (account.link && !account.link.ready()) return { kind: 'elsewhere', reason: `the carrier link of '${target.carrier}' is not up on this instance` };
  // US registration gating, at send time as at Twilio: a blocked forward is never sent, its leg fails with the code.
  const gate = await gateSend(deps, { accountSid: job.accountSid, interactionSid: target.interactionSid, from: target.from, to: target.to });
  if (gate.kind === 'block') {
    await record(deps, target, 'Message', null, 'undelivered', gateDataFields(gate));
    return { kind: 'done' };
  }
  const message = {
    from: target.from, to: target.to, body: text(job.payload.body) ?? '', mediaUrls: mediaOf(job.payload.mediaUrls),
    // Keyed by the interaction: every attempt of this forward is the same send.
    statusCallbackUrl: null, idempotencyKey: target.interactionSid, deadline: deadlineOf(deps, lease),
  };
  return attemptSend(deps, job, target, 'Message', () => account.messaging.send(message), MESSAGE_ATTEMPTS, gateDataFields(gate));
};

export const bridgeCallJob = async (deps: AppDeps, job: Job, lease: JobLease): Promise<JobResult> => {
  const target = targetOf(job);
  const inboundResourceSid = text(job.payload.inboundResourceSid);
  if (!target || !inboundResourceSid) return unusable(job);
  const voice = deps.carriers.find(target.carrier)?.voice;
  if (!voice) return { kind: 'give-up', error: `carrier account '${target.carrier}' bridges no calls by API` };
  const call = { inboundResourceSid, from: target.from, to: target.to, idempotencyKey: target.interactionSid, deadline: deadlineOf(deps, lease) };
  return attemptSend(deps, job, target, 'Call', () => voice.bridge(call), BRIDGE_ATTEMPTS);
};
