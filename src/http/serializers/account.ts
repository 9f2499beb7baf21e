// The 2010-04-01 Account resource: Twilio's fields (twilio-node AccountResource), dates in RFC 2822.
// subresource_uris lists the account's 2010 resources that masq serves, so a client following them
// never lands on a 404 of a resource masq does not have.
import { Type } from '@sinclair/typebox';
import { ACCOUNT_STATUSES, type Account } from '../../domain/account.ts';
import { rfc2822Date } from './api-key.ts';

const Rfc2822 = Type.String({ description: 'RFC 2822, e.g. Thu, 30 Jul 2015 20:00:00 +0000' });

export const AccountStatusJson = Type.Union(ACCOUNT_STATUSES.map((s) => Type.Literal(s)));

export const AccountJson = Type.Object({
  auth_token: Type.String(),
  date_created: Rfc2822,
  date_updated: Rfc2822,
  friendly_name: Type.String(),
  owner_account_sid: Type.String({ description: 'The owner of a subaccount; a top-level account names itself' }),
  sid: Type.String({ description: 'AC...' }),
  status: AccountStatusJson,
  subresource_uris: Type.Record(Type.String(), Type.String()),
  type: Type.Union([Type.Literal('Full'), Type.Literal('Trial')]),
  uri: Type.String(),
});

const SUBRESOURCES = { available_phone_numbers: 'AvailablePhoneNumbers', incoming_phone_numbers: 'IncomingPhoneNumbers', keys: 'Keys' } as const;

export const accountUri = (sid: string): string => `/2010-04-01/Accounts/${sid}.json`;

export const serializeAccount = (account: Account) => ({
  auth_token: account.authToken,
  date_created: rfc2822Date(account.dateCreated),
  date_updated: rfc2822Date(account.dateUpdated),
  friendly_name: account.friendlyName,
  // Twilio gives a top-level account its own SID as owner; masq stores null for it.
  owner_account_sid: account.ownerAccountSid ?? account.sid,
  sid: account.sid,
  status: account.status,
  subresource_uris: Object.fromEntries(Object.entries(SUBRESOURCES).map(([key, name]) => [key, `/2010-04-01/Accounts/${account.sid}/${name}.json`])),
  type: 'Full' as const,
  uri: accountUri(account.sid),
});
