// One builder per carrier type: which fields it has, how each is checked, and the defaults. A builder
// may read only its type's fields (CARRIER_ACCOUNT_FIELDS), so the unknown-field check and the
// builders cannot disagree.
import { Buffer } from 'node:buffer';
import { allRead, type AccountFieldReader } from './carrier-account-fields.ts';
import {
  TELNYX_API_URL, TWILIO_API_URL,
  type CarrierAccountField, type CarrierAccountOf, type CarrierType,
} from './carrier-account-types.ts';
import { accountSid, authToken, httpUrl, nonEmpty, optionalText, required, requiredHttpUrl, type RawValue } from './values.ts';

type Builder<T extends CarrierType> = (read: AccountFieldReader<CarrierAccountField<T>>, name: string) => CarrierAccountOf<T> | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ED25519_PUBLIC_KEY_BYTES = 32;

const uuid = (raw: RawValue): string => {
  const value = nonEmpty(raw);
  if (!UUID.test(value)) throw new Error('must be a UUID such as 8c4b1a2e-6f0d-4e5b-9a7c-3d2e1f0a9b8c');
  return value;
};

/** Telnyx signs webhooks with ed25519; a key of the wrong length would fail every webhook, so it fails here. */
const ed25519PublicKey = (raw: RawValue): string => {
  const value = nonEmpty(raw);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw new Error('must be base64 (the public key shown in the Telnyx portal)');
  const bytes = Buffer.from(value, 'base64').length;
  if (bytes !== ED25519_PUBLIC_KEY_BYTES) {
    throw new Error(`must be the base64 of a ${ED25519_PUBLIC_KEY_BYTES}-byte ed25519 public key (this one decodes to ${bytes} bytes)`);
  }
  return value;
};

const twilio: Builder<'twilio'> = (read, name) => {
  const fields = {
    accountSid: read.required('accountSid', required(accountSid)),
    authToken: read.required('authToken', required(authToken)),
    apiUrl: read.optional('apiUrl', httpUrl, TWILIO_API_URL),
  };
  return allRead(fields) ? { type: 'twilio', name, ...fields } : null;
};

const signalwire: Builder<'signalwire'> = (read, name) => {
  const fields = {
    projectId: read.required('projectId', uuid),
    apiToken: read.required('apiToken', nonEmpty),
    signingKey: read.required('signingKey', nonEmpty),
    spaceUrl: read.required('spaceUrl', requiredHttpUrl),
  };
  return allRead(fields) ? { type: 'signalwire', name, ...fields } : null;
};

const telnyx: Builder<'telnyx'> = (read, name) => {
  const fields = {
    apiKey: read.required('apiKey', nonEmpty),
    publicKey: read.required('publicKey', ed25519PublicKey),
    apiUrl: read.optional('apiUrl', httpUrl, TELNYX_API_URL),
    messagingProfileId: read.optional<string | null>('messagingProfileId', optionalText, null),
  };
  return allRead(fields) ? { type: 'telnyx', name, ...fields } : null;
};

export const CARRIER_ACCOUNT_BUILDERS: { readonly [T in CarrierType]: Builder<T> } = { twilio, signalwire, telnyx };
