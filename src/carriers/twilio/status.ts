// Twilio's status words for messages and calls, mapped onto the Proxy vocabulary interactions carry.
// Almost all are the same word; the few Twilio added after Proxy (read, partially_delivered) are
// folded into the nearest Proxy status so an interaction never shows a word the Proxy API lacks.
import { RESOURCE_STATUSES, type ResourceStatus } from '../../domain/interaction.ts';

const TWILIO_ONLY: Readonly<Record<string, ResourceStatus>> = {
  // A read receipt (WhatsApp, RCS) implies delivery.
  read: 'delivered',
  // Some segments arrived, some did not: the customer cannot rely on it having been read whole.
  partially_delivered: 'undelivered',
  'partially-delivered': 'undelivered',
};

/** A Twilio MessageStatus / CallStatus / DialCallStatus as an interaction leg status; 'unknown' if new. */
export const resourceStatusOf = (twilioStatus: string): ResourceStatus => {
  const word = twilioStatus.trim().toLowerCase();
  const mapped = TWILIO_ONLY[word];
  if (mapped) return mapped;
  return RESOURCE_STATUSES.find((status) => status === word) ?? 'unknown';
};
