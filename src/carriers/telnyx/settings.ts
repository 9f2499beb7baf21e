// What configuration reads for a Telnyx account ("type": "telnyx"): an API key, the public key its
// webhooks are signed with, the REST API's base URL, the messaging profile messages are sent with, and
// the connection (TeXML application) whose calls reach masq: numbers bought or imported through masq are
// assigned to that connection and profile, which is how Telnyx routes them to masq.
import { Buffer } from 'node:buffer';
import type { CarrierSettingsSpec } from '../../domain/carrier-settings.ts';
import { httpUrl, nonEmpty, optionalText, type RawValue } from '../../domain/setting-values.ts';
import { TELNYX_CARRIER_TYPE } from './account.ts';

export const TELNYX_API_URL = 'https://api.telnyx.com';

const ED25519_PUBLIC_KEY_BYTES = 32;

/** Telnyx signs webhooks with ed25519; a key of the wrong length would fail every webhook, so it fails at start. */
export const ed25519PublicKey = (raw: RawValue): string => {
  const value = nonEmpty(raw);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw new Error('must be base64 (the public key shown in the Telnyx portal)');
  const bytes = Buffer.from(value, 'base64').length;
  if (bytes !== ED25519_PUBLIC_KEY_BYTES) {
    throw new Error(`must be the base64 of a ${ED25519_PUBLIC_KEY_BYTES}-byte ed25519 public key (this one decodes to ${bytes} bytes)`);
  }
  return value;
};

export const TELNYX_SETTINGS: CarrierSettingsSpec = {
  type: TELNYX_CARRIER_TYPE,
  fields: {
    apiKey: { required: true, parse: nonEmpty },
    publicKey: { required: true, parse: ed25519PublicKey },
    apiUrl: { required: false, parse: httpUrl, default: TELNYX_API_URL },
    // Unset: messages go with the sending number's own profile.
    messagingProfileId: { required: false, parse: optionalText, default: null },
    // Unset: masq buys no numbers on this account (they would not reach masq), and imports leave calls alone.
    connectionId: { required: false, parse: optionalText, default: null },
  },
};
