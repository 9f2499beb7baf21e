// POST .../Participants/{sid}/MessageInteractions: the app sends a message to one participant, from
// that participant's proxy number, through the number's carrier.
//
// Order matters: the interaction is written first (outbound status "queued"), then the carrier is
// called with the interaction sid as idempotency key, then the status is recorded. A crash between the
// two leaves a logged, queued interaction rather than a message sent and never recorded. A participant
// who opted out of their proxy number (texted STOP to it, opt-outs.ts) is sent nothing: 21610, and
// nothing is logged, as Twilio's Messages API refuses such a message before creating it.
//
// Through an account whose traffic flows over a link (an SMPP bind), only the instance holding the link
// can send: the send is a durable job written with the interaction, as a forward is (forward-jobs.ts),
// run at once here and, when another instance holds the link, left to it. The caller gets the queued
// interaction either way, and the CallbackUrl hears of the send from whichever instance made it.
// A carrier's refusal then fails the interaction's leg (a fetch, the CallbackUrl) instead of the request.
import { AppError, notFound } from '../domain/errors.ts';
import { EMPTY_LEG, type Interaction, type InteractionLeg, type ResourceStatus } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { Service } from '../domain/service.ts';
import { isRoutable, type Session } from '../domain/session.ts';
import type { CarrierAccount, SentResource } from '../ports/carrier.ts';
import { enqueueInteractionCallback } from './callbacks/interaction-callback.ts';
import type { CostRepo, InteractionRepo, InventoryRepo, JobRepo, NumberRepo, NumberTrafficRepo, ParticipantRepo, ServiceRepo, SessionRepo, SmsGateRepo } from '../ports/store.ts';
import type { AppDeps, DepsWith } from './deps.ts';

/** A MessageInteraction: logged, sent through the number's carrier account, its outcome recorded. */
type SendDeps = DepsWith<SessionRepo & ParticipantRepo & InteractionRepo & NumberRepo & ServiceRepo & JobRepo & InventoryRepo & SmsGateRepo & CostRepo & NumberTrafficRepo, 'clock' | 'ids' | 'carriers' | 'settings'>
  & Partial<Pick<AppDeps, 'smsGateEvents'>>;
import { loadSessionForWrite } from './find-active-session.ts';
import { forwardJobId, messageJob } from './forward-jobs.ts';
import { JOB_HANDLERS } from './job-handlers.ts';
import { runJobNow } from './run-jobs.ts';
import { messageData } from './inbound-interaction.ts';
import { messageLegCosts } from './message-costs.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import { partnerAddress } from './forward-to-partner.ts';
import { touchSession } from './touch-session.ts';
import { unsubscribed } from './opt-outs.ts';
import { gateDataFields, gateSend } from './sms-gate.ts';
import { textingRefusal } from './untextable-sender.ts';

export interface MessageInput {
  readonly body: string;
  readonly mediaUrls: readonly string[];
}


/**
 * Whether the message goes as a job for the instance holding the account's link rather than through this
 * one now. A message the account cannot carry at all (media over SMPP, any text over a link without SMS)
 * is refused by the account itself, on any instance, before anything is sent: that refusal stays
 * immediate, so the caller hears of it (80613) at once.
 */
const sentByLinkHolder = (account: CarrierAccount | null, from: string, input: MessageInput): boolean => {
  if (!account?.link) return false;
  const carried = account.defaultCapabilities(from);
  return carried.sms && (input.mediaUrls.length === 0 || carried.mms);
};

const queuedLeg = (participant: Participant): InteractionLeg => ({
  participantSid: participant.sid, resourceSid: null, resourceType: 'Message', resourceStatus: 'queued', resourceUrl: null,
});

const recordQueued = async (deps: SendDeps, service: Service, sessionSid: string, participantSid: string, input: MessageInput) => {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const session: Session = await loadSessionForWrite(tx, service, sessionSid, now);
    if (!isRoutable(session, now)) throw new AppError('session-closed', `Session ${session.sid} is closed`);
    if (session.mode === 'voice-only') throw new AppError('message-to-voice-only-session', `Session ${session.sid} is voice-only`);
    const participant = await tx.findParticipant(session.sid, participantSid);
    if (!participant || participant.dateDeleted) throw notFound(`/Services/${service.sid}/Sessions/${session.sid}/Participants/${participantSid}`);
    if (await tx.isOptedOut(participant.proxyIdentifier, participant.identifier)) throw unsubscribed(participant.proxyIdentifier, participant.identifier);
    const interaction: Interaction = {
      sid: deps.ids.sid('interaction'),
      sessionSid: session.sid,
      serviceSid: service.sid,
      accountSid: service.accountSid,
      type: 'message',
      data: messageData(input.body, input.mediaUrls),
      inbound: EMPTY_LEG,
      outbound: queuedLeg(participant),
      participantSid: participant.sid,
      dateCreated: now,
      dateUpdated: now,
    };
    await tx.createInteraction(interaction);
    // The CallbackUrl entry commits with the interaction (invariant 4: an owed callback is never lost).
    await enqueueInteractionCallback(deps, tx, service, interaction);
    await touchSession(tx, service, session, now);
    const number = participant.proxyIdentifierSid ? await tx.findNumberBySid(service.accountSid, participant.proxyIdentifierSid) : null;
    const carrier = number?.carrier ?? deps.settings.defaultCarrier;
    // Rolled back with the interaction: nothing is recorded for a send no instance could ever make.
    const untextable = textingRefusal(deps.carriers.find(carrier), participant.proxyIdentifier);
    if (untextable) throw new AppError(untextable.code, untextable.reason);
    const byJob = sentByLinkHolder(deps.carriers.find(carrier), participant.proxyIdentifier, input);
    if (byJob) {
      // Committed with the interaction: whichever instance holds the link sends it, even if this one dies now.
      const target = { carrier, interactionSid: interaction.sid, from: participant.proxyIdentifier, to: partnerAddress(service, participant, 'message') };
      await tx.enqueueJob(messageJob(deps, service.accountSid, target, input));
    }
    // Billed with the interaction masq accepted (as Twilio bills a message it accepted, delivered or not).
    await tx.recordCosts(messageLegCosts(deps, {
      direction: 'outbound', accountSid: service.accountSid, serviceSid: service.sid, resourceSid: interaction.sid, carrier,
      proxyNumber: participant.proxyIdentifier, numberSid: participant.proxyIdentifierSid, counterpart: participant.identifier,
      body: input.body, mediaCount: input.mediaUrls.length, occurredAt: now,
    }));
    return { interaction, participant, carrier, byJob };
  });
};

export const sendMessageInteraction = async (
  deps: AppDeps,
  service: Service,
  sessionSid: string,
  participantSid: string,
  input: MessageInput,
): Promise<Interaction> => {
  const { interaction, participant, carrier, byJob } = await recordQueued(deps, service, sessionSid, participantSid, input);
  if (byJob) {
    // Gated, sent and recorded by the job (sendMessageJob), here if this instance holds the link. The
    // answer is the queued interaction wherever the request landed (as Twilio answers queued): a fetch
    // and the CallbackUrl tell what came of it.
    await runJobNow(deps, JOB_HANDLERS, forwardJobId(interaction.sid));
    return interaction;
  }
  return sendNow(deps, service, interaction, participant, carrier, input);
};

/** The send through this instance, while the caller waits: a refusal is recorded, then answered (80613). */
const sendNow = async (deps: SendDeps, service: Service, interaction: Interaction, participant: Participant, carrier: string, input: MessageInput): Promise<Interaction> => {
  let sent: SentResource;
  const to = partnerAddress(service, participant, 'message');
  // US registration gating at send time (sms-gate.ts): a blocked message is accepted, never sent.
  const gate = await gateSend(deps, { accountSid: service.accountSid, interactionSid: interaction.sid, from: participant.proxyIdentifier, to });
  const report = (resource: SentResource | null, status?: ResourceStatus) => recordResourceStatus(deps, {
    interactionSid: interaction.sid, resourceSid: resource?.sid ?? null, resourceType: 'Message', status: status ?? resource?.status ?? 'failed',
    resourceUrl: resource?.url ?? null, dataFields: gateDataFields(gate),
  });
  if (gate.kind === 'block') {
    // Twilio answers 201 with the message queued and fails it afterwards: the caller gets the queued
    // interaction; its leg, a fetch and the CallbackUrl then say undelivered with the code.
    await report(null, 'undelivered');
    return interaction;
  }
  try {
    sent = await deps.carriers.get(carrier).messaging.send({
      from: participant.proxyIdentifier,
      to,
      body: input.body,
      mediaUrls: input.mediaUrls,
      statusCallbackUrl: null,
      idempotencyKey: interaction.sid,
    });
  } catch (err) {
    // Recorded (and reported to the CallbackUrl) as failed before the caller hears about it.
    await report(null);
    throw new AppError('downstream-rejected', `The carrier refused the message: ${err instanceof Error ? err.message : String(err)}`);
  }
  await report(sent);
  return (await deps.store.findInteractionBySid(interaction.sid)) ?? interaction;
};
