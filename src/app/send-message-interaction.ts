// POST .../Participants/{sid}/MessageInteractions: the app sends a message to one participant, from
// that participant's proxy number, through the number's carrier.
//
// Order matters: the interaction is written first (outbound status "queued"), then the carrier is
// called with the interaction sid as idempotency key, then the status is recorded. A crash between the
// two leaves a logged, queued interaction rather than a message sent and never recorded.
import { dialString } from '../domain/dial-string.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { EMPTY_LEG, type Interaction, type InteractionLeg } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { Service } from '../domain/service.ts';
import { isRoutable, type Session } from '../domain/session.ts';
import type { SentResource } from '../ports/carrier.ts';
import { enqueueInteractionCallback } from './callbacks/interaction-callback.ts';
import type { AppDeps } from './deps.ts';
import { loadSessionForWrite } from './find-active-session.ts';
import { messageData } from './inbound-interaction.ts';
import { touchSession } from './touch-session.ts';

export interface MessageInput {
  readonly body: string;
  readonly mediaUrls: readonly string[];
}


const recipientAddress = (service: Service, participant: Participant): string => {
  const parsed = parseIdentifier(participant.identifier);
  return parsed.kind === 'phone' ? dialString(parsed.e164, 'sms', service.dialRules) : parsed.raw;
};

const outboundLeg = (participant: Participant, sent: SentResource | null, status: InteractionLeg['resourceStatus']): InteractionLeg => ({
  participantSid: participant.sid,
  resourceSid: sent?.sid ?? null,
  resourceType: 'Message',
  resourceStatus: status,
  resourceUrl: sent?.url ?? null,
});

const recordQueued = async (deps: AppDeps, service: Service, sessionSid: string, participantSid: string, input: MessageInput) => {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const session: Session = await loadSessionForWrite(tx, service, sessionSid, now);
    if (!isRoutable(session, now)) throw new AppError(80607, `Session ${session.sid} is closed`);
    if (session.mode === 'voice-only') throw new AppError(80910, `Session ${session.sid} is voice-only`);
    const participant = await tx.findParticipant(session.sid, participantSid);
    if (!participant || participant.dateDeleted) throw notFound(`/Services/${service.sid}/Sessions/${session.sid}/Participants/${participantSid}`);
    const interaction: Interaction = {
      sid: deps.ids.sid('interaction'),
      sessionSid: session.sid,
      serviceSid: service.sid,
      accountSid: service.accountSid,
      type: 'message',
      data: messageData(input.body, input.mediaUrls),
      inbound: EMPTY_LEG,
      outbound: outboundLeg(participant, null, 'queued'),
      participantSid: participant.sid,
      dateCreated: now,
      dateUpdated: now,
    };
    await tx.createInteraction(interaction);
    // The CallbackUrl entry commits with the interaction (invariant 4: an owed callback is never lost).
    await enqueueInteractionCallback(deps, tx, service, interaction);
    await touchSession(tx, service, session, now);
    const number = participant.proxyIdentifierSid ? await tx.findNumberBySid(service.accountSid, participant.proxyIdentifierSid) : null;
    return { interaction, participant, carrier: number?.carrier ?? deps.settings.defaultCarrier };
  });
};

export const sendMessageInteraction = async (
  deps: AppDeps,
  service: Service,
  sessionSid: string,
  participantSid: string,
  input: MessageInput,
): Promise<Interaction> => {
  const { interaction, participant, carrier } = await recordQueued(deps, service, sessionSid, participantSid, input);
  let sent: SentResource;
  try {
    sent = await deps.carriers.get(carrier).sendMessage({
      from: participant.proxyIdentifier,
      to: recipientAddress(service, participant),
      body: input.body,
      mediaUrls: input.mediaUrls,
      statusCallbackUrl: null,
      idempotencyKey: interaction.sid,
    });
  } catch (err) {
    await deps.store.updateInteraction(interaction.sid, { outbound: outboundLeg(participant, null, 'failed'), dateUpdated: deps.clock.now() });
    throw new AppError(80613, `The carrier refused the message: ${err instanceof Error ? err.message : String(err)}`);
  }
  const updated = await deps.store.updateInteraction(interaction.sid, {
    outbound: outboundLeg(participant, sent, sent.status),
    dateUpdated: deps.clock.now(),
  });
  return updated ?? interaction;
};
