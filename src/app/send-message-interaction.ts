// POST .../Participants/{sid}/MessageInteractions: the app sends a message to one participant, from
// that participant's proxy number, through the number's carrier.
//
// Order matters: the interaction is written first (outbound status "queued"), then the carrier is
// called with the interaction sid as idempotency key, then the status is recorded. A crash between the
// two leaves a logged, queued interaction rather than a message sent and never recorded. A participant
// who opted out of their proxy number (texted STOP to it, opt-outs.ts) is sent nothing: 21610, and
// nothing is logged, as Twilio's Messages API refuses such a message before creating it.
import { AppError, notFound } from '../domain/errors.ts';
import { EMPTY_LEG, type Interaction, type InteractionLeg, type ResourceStatus } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { Service } from '../domain/service.ts';
import { isRoutable, type Session } from '../domain/session.ts';
import type { SentResource } from '../ports/carrier.ts';
import { enqueueInteractionCallback } from './callbacks/interaction-callback.ts';
import type { CostRepo, InteractionRepo, InventoryRepo, JobRepo, NumberRepo, NumberTrafficRepo, ParticipantRepo, ServiceRepo, SessionRepo, SmsGateRepo } from '../ports/store.ts';
import type { AppDeps, DepsWith } from './deps.ts';

/** A MessageInteraction: logged, sent through the number's carrier account, its outcome recorded. */
type SendDeps = DepsWith<SessionRepo & ParticipantRepo & InteractionRepo & NumberRepo & ServiceRepo & JobRepo & InventoryRepo & SmsGateRepo & CostRepo & NumberTrafficRepo, 'clock' | 'ids' | 'carriers' | 'settings'>
  & Partial<Pick<AppDeps, 'smsGateEvents'>>;
import { loadSessionForWrite } from './find-active-session.ts';
import { messageData } from './inbound-interaction.ts';
import { messageLegCosts } from './message-costs.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import { partnerAddress } from './forward-to-partner.ts';
import { touchSession } from './touch-session.ts';
import { unsubscribed } from './opt-outs.ts';
import { gateDataFields, gateSend } from './sms-gate.ts';

export interface MessageInput {
  readonly body: string;
  readonly mediaUrls: readonly string[];
}


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
    // Billed with the interaction masq accepted (as Twilio bills a message it accepted, delivered or not).
    await tx.recordCosts(messageLegCosts(deps, {
      direction: 'outbound', accountSid: service.accountSid, serviceSid: service.sid, resourceSid: interaction.sid, carrier,
      proxyNumber: participant.proxyIdentifier, numberSid: participant.proxyIdentifierSid, counterpart: participant.identifier,
      body: input.body, mediaCount: input.mediaUrls.length, occurredAt: now,
    }));
    return { interaction, participant, carrier };
  });
};

export const sendMessageInteraction = async (
  deps: SendDeps,
  service: Service,
  sessionSid: string,
  participantSid: string,
  input: MessageInput,
): Promise<Interaction> => {
  const { interaction, participant, carrier } = await recordQueued(deps, service, sessionSid, participantSid, input);
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
