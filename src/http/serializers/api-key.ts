// The 2010-04-01 Key resource: exactly Twilio's four fields, dates in RFC 2822 as the 2010 API writes
// them (twilio-node parses `ddd, DD MMM YYYY HH:mm:ss +0000` and keeps anything else a raw string).
import { Type } from '@sinclair/typebox';
import type { ApiKey } from '../../domain/account.ts';
import { Nullable } from './common.ts';

/** `Wed, 30 Jul 2015 20:00:00 +0000`. */
export const rfc2822Date = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');

const Rfc2822 = Type.String({ description: 'RFC 2822, e.g. Thu, 30 Jul 2015 20:00:00 +0000' });

export const ApiKeyJson = Type.Object({
  sid: Type.String({ description: 'SK...' }),
  friendly_name: Nullable(Type.String()),
  date_created: Rfc2822,
  date_updated: Rfc2822,
});

export const NewApiKeyJson = Type.Object({
  ...ApiKeyJson.properties,
  secret: Type.String({ description: 'Shown only in this response; store it now' }),
});

export const serializeApiKey = (key: ApiKey) => ({
  sid: key.sid,
  friendly_name: key.friendlyName,
  date_created: rfc2822Date(key.dateCreated),
  date_updated: rfc2822Date(key.dateUpdated),
});

export const serializeNewApiKey = (key: ApiKey, secret: string) => ({ ...serializeApiKey(key), secret });
