import { Type, type Static } from '@sinclair/typebox';
import type { Participant } from '../../domain/participant.ts';
import { DateTime, isoDate, Nullable } from './common.ts';
import { sessionUrl } from './session.ts';

export const ParticipantJson = Type.Object({
  sid: Type.String(),
  session_sid: Type.String(),
  service_sid: Type.String(),
  account_sid: Type.String(),
  friendly_name: Nullable(Type.String()),
  identifier: Type.String(),
  proxy_identifier: Nullable(Type.String()),
  proxy_identifier_sid: Nullable(Type.String()),
  date_deleted: Nullable(DateTime),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  url: Type.String(),
  links: Type.Object({ message_interactions: Type.String() }),
}, { title: 'Participant' });

export const participantUrl = (base: string, p: Pick<Participant, 'serviceSid' | 'sessionSid' | 'sid'>): string =>
  `${sessionUrl(base, p.serviceSid, p.sessionSid)}/Participants/${p.sid}`;

export const serializeParticipant = (p: Participant, base: string): Static<typeof ParticipantJson> => {
  const url = participantUrl(base, p);
  return {
    sid: p.sid,
    session_sid: p.sessionSid,
    service_sid: p.serviceSid,
    account_sid: p.accountSid,
    friendly_name: p.friendlyName,
    identifier: p.identifier,
    proxy_identifier: p.proxyIdentifier,
    proxy_identifier_sid: p.proxyIdentifierSid,
    date_deleted: isoDate(p.dateDeleted),
    date_created: isoDate(p.dateCreated),
    date_updated: isoDate(p.dateUpdated),
    url,
    links: { message_interactions: `${url}/MessageInteractions` },
  };
};
