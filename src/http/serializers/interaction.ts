import { Type, type Static } from '@sinclair/typebox';
import type { Interaction } from '../../domain/interaction.ts';
import { DateTime, isoDate, Nullable } from './common.ts';
import { participantUrl } from './participant.ts';
import { sessionUrl } from './session.ts';

const legFields = {
  inbound_participant_sid: Nullable(Type.String()),
  inbound_resource_sid: Nullable(Type.String()),
  inbound_resource_status: Nullable(Type.String()),
  inbound_resource_type: Nullable(Type.String()),
  inbound_resource_url: Nullable(Type.String()),
  outbound_participant_sid: Nullable(Type.String()),
  outbound_resource_sid: Nullable(Type.String()),
  outbound_resource_status: Nullable(Type.String()),
  outbound_resource_type: Nullable(Type.String()),
  outbound_resource_url: Nullable(Type.String()),
};

const baseFields = {
  sid: Type.String(),
  session_sid: Type.String(),
  service_sid: Type.String(),
  account_sid: Type.String(),
  data: Nullable(Type.String({ description: 'JSON text, e.g. {"body":"hello"}' })),
  type: Type.String(),
  ...legFields,
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  url: Type.String(),
};

export const InteractionJson = Type.Object(baseFields, { title: 'Interaction' });
export const MessageInteractionJson = Type.Object({ ...baseFields, participant_sid: Nullable(Type.String()) }, { title: 'MessageInteraction' });

export const serializeInteraction = (i: Interaction, base: string): Static<typeof InteractionJson> => {
  return {
    sid: i.sid,
    session_sid: i.sessionSid,
    service_sid: i.serviceSid,
    account_sid: i.accountSid,
    data: i.data,
    type: i.type,
    inbound_participant_sid: i.inbound.participantSid,
    inbound_resource_sid: i.inbound.resourceSid,
    inbound_resource_status: i.inbound.resourceStatus,
    inbound_resource_type: i.inbound.resourceType,
    inbound_resource_url: i.inbound.resourceUrl,
    outbound_participant_sid: i.outbound.participantSid,
    outbound_resource_sid: i.outbound.resourceSid,
    outbound_resource_status: i.outbound.resourceStatus,
    outbound_resource_type: i.outbound.resourceType,
    outbound_resource_url: i.outbound.resourceUrl,
    date_created: isoDate(i.dateCreated),
    date_updated: isoDate(i.dateUpdated),
    url: `${sessionUrl(base, i.serviceSid, i.sessionSid)}/Interactions/${i.sid}`,
  };
};

/** Same KI, addressed under the participant it was sent to. */
export const serializeMessageInteraction = (i: Interaction, base: string, participantSid: string): Static<typeof MessageInteractionJson> => {
  const participant = { serviceSid: i.serviceSid, sessionSid: i.sessionSid, sid: participantSid };
  return {
    ...serializeInteraction(i, base),
    participant_sid: i.participantSid ?? participantSid,
    url: `${participantUrl(base, participant)}/MessageInteractions/${i.sid}`,
  };
};
