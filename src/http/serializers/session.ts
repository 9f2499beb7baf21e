import { Type, type Static } from '@sinclair/typebox';
import type { Session } from '../../domain/session.ts';
import { DateTime, isoDate, Nullable } from './common.ts';

export const SessionJson = Type.Object({
  sid: Type.String(),
  service_sid: Type.String(),
  account_sid: Type.String(),
  date_started: Nullable(DateTime),
  date_ended: Nullable(DateTime),
  date_last_interaction: Nullable(DateTime),
  date_expiry: Nullable(DateTime),
  unique_name: Nullable(Type.String()),
  status: Type.String(),
  closed_reason: Nullable(Type.String()),
  ttl: Type.Integer(),
  mode: Type.String(),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  url: Type.String(),
  links: Type.Object({ interactions: Type.String(), participants: Type.String() }),
}, { title: 'Session' });

export const sessionUrl = (base: string, serviceSid: string, sid: string): string => `${base}/v1/Services/${serviceSid}/Sessions/${sid}`;

export const serializeSession = (s: Session, base: string): Static<typeof SessionJson> => {
  const url = sessionUrl(base, s.serviceSid, s.sid);
  return {
    sid: s.sid,
    service_sid: s.serviceSid,
    account_sid: s.accountSid,
    date_started: isoDate(s.dateStarted),
    date_ended: isoDate(s.dateEnded),
    date_last_interaction: isoDate(s.dateLastInteraction),
    date_expiry: isoDate(s.dateExpiry),
    unique_name: s.uniqueName,
    status: s.status,
    closed_reason: s.closedReason,
    ttl: s.ttl,
    mode: s.mode,
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    url,
    links: { interactions: `${url}/Interactions`, participants: `${url}/Participants` },
  };
};
