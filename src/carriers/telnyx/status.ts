// Telnyx's status words mapped onto the Proxy vocabulary interactions carry. Messages use Telnyx's own
// words (payload.to[].status); TeXML call callbacks use Twilio's words, which are Proxy's already.
import { RESOURCE_STATUSES, type ResourceStatus } from '../../domain/interaction.ts';

const MESSAGE_STATUSES: Readonly<Record<string, ResourceStatus>> = {
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  // A read receipt (RCS) implies delivery.
  read: 'delivered',
  // Telnyx never got it out: Twilio calls that 'failed'.
  sending_failed: 'failed',
  // Not sent before its valid_until: never left Telnyx, as Twilio fails a message past its ValidityPeriod.
  expired: 'failed',
  // Sent, but the handset's carrier refused it.
  delivery_failed: 'undelivered',
  // Sent, and no delivery receipt came back.
  delivery_unconfirmed: 'delivery-unknown',
};

/** A Telnyx message status (payload.to[].status) as a leg status; 'unknown' for a word Telnyx adds later. */
export const messageStatusOf = (telnyxStatus: string): ResourceStatus =>
  MESSAGE_STATUSES[telnyxStatus.trim().toLowerCase()] ?? 'unknown';

/** A TeXML CallStatus / DialCallStatus as a leg status; 'unknown' when it is not a Proxy word. */
export const callStatusOf = (texmlStatus: string): ResourceStatus => {
  // TeXML spells them as TwiML does (no-answer); an underscore spelling is read the same.
  const word = texmlStatus.trim().toLowerCase().replace(/_/g, '-');
  return RESOURCE_STATUSES.find((status) => status === word) ?? 'unknown';
};
