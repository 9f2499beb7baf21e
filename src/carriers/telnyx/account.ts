// One Telnyx account as masq's CarrierAccount: messages leave through the Messages API, calls are
// bridged in the TeXML answer to the voice webhook (<Dial callerId>), so there is no voice API port.
import type { Capabilities } from '../../domain/pool-number.ts';
import type { CarrierAccount } from '../../ports/carrier.ts';
import { TelnyxNumbers } from './numbers.ts';
import { TelnyxPorting } from './porting.ts';
import { TelnyxRegistrations } from './registrations.ts';
import { TelnyxRecordings } from './recordings.ts';
import { TelnyxMessaging } from './rest.ts';
import { telnyxPublicKey } from './signature.ts';
import { createTelnyxWebhooks, TELNYX_WEBHOOK_PATHS } from './webhooks.ts';

export const TELNYX_CARRIER_TYPE = 'telnyx';

export interface TelnyxAccountOptions {
  readonly name: string;
  readonly apiKey: string;
  /** The account's webhook public key from the Telnyx portal: base64 of 32 ed25519 bytes. */
  readonly publicKey: string;
  /** https://api.telnyx.com (configuration's default), or a fake in tests; a trailing slash is dropped. */
  readonly apiUrl: string;
  readonly messagingProfileId: string | null;
  /** The connection (TeXML application) numbers bought or imported through masq are assigned to. */
  readonly connectionId?: string | null;
  /** {publicUrl}/webhooks/{name} when masq's public URL is known: where sent messages' events go. */
  readonly webhookBase: string | null;
  /** Per REST attempt, connect to answer. */
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
}

const DEFAULTS = { timeoutMs: 10_000, maxAttempts: 3, retryDelayMs: 500 } as const;

/** Throws an Error naming the problem when the public key is not a base64 ed25519 key. */
export const createTelnyxAccount = (options: TelnyxAccountOptions): CarrierAccount => {
  const publicKey = telnyxPublicKey(options.publicKey);
  const webhookBase = options.webhookBase?.replace(/\/+$/, '') ?? null;
  const rest = {
    apiKey: options.apiKey,
    apiUrl: options.apiUrl.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
    retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
  };
  const numbers = new TelnyxNumbers({ ...rest, connectionId: options.connectionId ?? null, messagingProfileId: options.messagingProfileId });
  return {
    name: options.name,
    type: TELNYX_CARRIER_TYPE,
    delivery: { message: 'api', voice: 'in-reply' },
    defaultCapabilities: (_e164: string): Capabilities => ({ voice: true, sms: true, mms: true }),
    messaging: new TelnyxMessaging({
      ...rest,
      messagingProfileId: options.messagingProfileId,
      // Without it, events go to the messaging profile's own webhook URL (configured in the portal).
      defaultWebhookUrl: webhookBase ? `${webhookBase}/${TELNYX_WEBHOOK_PATHS.messaging}` : null,
    }),
    voice: null,
    webhooks: createTelnyxWebhooks({ name: options.name, publicKey }),
    numbers,
    porting: new TelnyxPorting(rest, numbers, {
      connectionId: options.connectionId ?? null, messagingProfileId: options.messagingProfileId,
      webhookUrl: webhookBase ? `${webhookBase}/${TELNYX_WEBHOOK_PATHS.porting}` : null,
    }),
    // Brands, campaigns and toll-free verifications go to Telnyx's 10DLC and toll-free APIs (docs/messaging.md).
    registration: new TelnyxRegistrations(rest),
    // The audio of <Record>s on TeXML calls: looked up through the TeXML recordings API by RecordingSid.
    recordings: new TelnyxRecordings(rest),
  };
};
