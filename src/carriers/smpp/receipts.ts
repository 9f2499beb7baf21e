// Delivery receipts. A deliver_sm with esm_class message type 0x04 is the SMSC's receipt for an earlier
// submit_sm: the message id comes in the receipted_message_id TLV (SMPP 3.4) or, from older SMSCs, in
// the text ("id:IIII sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000 text:...").
// SMSCs differ in how they write ids: some answer submit_sm_resp in hex and write the receipt's id in
// decimal. Both are read by the configured format into one canonical form, so they match.
import type { ResourceStatus } from '../../domain/interaction.ts';
import type { MessageIdFormat } from './settings.ts';

/** esm_class bits 2-5: the message type; 0x04 is "SMSC delivery receipt". */
export const isDeliveryReceipt = (esmClass: number): boolean => (esmClass & 0x3c) === 0x04;

export interface Receipt {
  readonly messageId: string;
  readonly status: ResourceStatus | null;
  readonly error: string | null;
}

/** The receipt's final states as Twilio words; ENROUTE/ACCEPTD are progress, UNKNOWN says nothing. */
const STAT_WORDS: Readonly<Record<string, ResourceStatus | null>> = {
  DELIVRD: 'delivered', UNDELIV: 'undelivered', EXPIRED: 'undelivered', DELETED: 'undelivered',
  REJECTD: 'failed', ENROUTE: 'sent', ACCEPTD: 'sent', UNKNOWN: null,
};

/** message_state TLV values (SMPP 3.4 §5.2.28) to the same words. */
const MESSAGE_STATES: Readonly<Record<number, ResourceStatus | null>> = {
  1: 'sent', 2: 'delivered', 3: 'undelivered', 4: 'undelivered', 5: 'undelivered', 6: 'sent', 7: null, 8: 'failed',
};

const field = (text: string, name: string): string | null => {
  const match = new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text);
  return match?.[1] ?? null;
};

/** The receipt in a DLR deliver_sm; null when it names no message. */
export const readReceipt = (pdu: { readonly text: string; readonly receiptedMessageId: string | null; readonly messageState: number | null }): Receipt | null => {
  const messageId = pdu.receiptedMessageId ?? field(pdu.text, 'id');
  if (messageId === null || messageId === '') return null;
  const stat = field(pdu.text, 'stat')?.toUpperCase() ?? null;
  const fromState = pdu.messageState === null ? undefined : MESSAGE_STATES[pdu.messageState];
  const fromText = stat === null ? undefined : STAT_WORDS[stat];
  const status = fromState !== undefined ? fromState : (fromText ?? null);
  return { messageId, status, error: field(pdu.text, 'err') };
};

/**
 * One form for an id written in `format`: hex and decimal ids become their decimal value (leading
 * zeros and letter case no longer matter); 'as-is' ids compare as trimmed text. An id that is not what
 * the format says is kept as text, so it can still match an id written the same way.
 */
export const canonicalMessageId = (id: string, format: MessageIdFormat): string => {
  const trimmed = id.trim();
  if (format === 'hex' && /^[0-9a-f]+$/i.test(trimmed)) return BigInt(`0x${trimmed}`).toString(10);
  if (format === 'decimal' && /^\d+$/.test(trimmed)) return BigInt(trimmed).toString(10);
  return trimmed;
};

/** A receipt's outcome as masq reports it to a peer (server mode): routed on, or refused. */
export type ReceiptOutcome = 'DELIVRD' | 'UNDELIV';

/** message_state TLV values for the outcomes (SMPP 3.4 §5.2.28). */
export const RECEIPT_STATES: Readonly<Record<ReceiptOutcome, number>> = { DELIVRD: 2, UNDELIV: 5 };

/** SMPP's receipt date: YYMMDDhhmm, in UTC. */
const receiptDate = (at: Date): string => at.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3$4$5');

/**
 * The text of a receipt masq writes (SMPP 3.4 Appendix B, the form SMSCs use): the id the submit_sm_resp
 * gave, the outcome, and the first 20 characters of the message (in ASCII: the receipt is data_coding 0).
 */
export const receiptText = (receipt: { readonly messageId: string; readonly outcome: ReceiptOutcome; readonly submittedAt: Date; readonly doneAt: Date; readonly text: string }): string => {
  const delivered = receipt.outcome === 'DELIVRD' ? '001' : '000';
  const error = receipt.outcome === 'DELIVRD' ? '000' : '001';
  return `id:${receipt.messageId} sub:001 dlvrd:${delivered} submit date:${receiptDate(receipt.submittedAt)} done date:${receiptDate(receipt.doneAt)} stat:${receipt.outcome} err:${error} text:${receipt.text.slice(0, 20).replace(/[^\x20-\x7e]/g, '?')}`;
};
