// An outbound body as submit_sm parts. data_coding is always explicit: 0 (the SMSC default alphabet,
// GSM 03.38) or 8 (UCS-2, big-endian UTF-16). GSM-7 text goes on the wire UNPACKED, one septet per octet
// (escape 0x1B before extension characters): that is what SMPP 3.4 SMSCs expect for data_coding 0, and
// the SMSC packs septets itself for the air interface. A body longer than one SMS is split by masq's
// segment math (domain/usage/segments.ts, 153 / 67 per part) and every part carries a User Data Header
// with the 8-bit concatenation element (IEI 0x00: reference, total, sequence), with esm_class UDHI set;
// or, for an SMSC that splits long messages itself (longMessages 'payload'), it goes whole in one
// submit_sm's message_payload TLV, short_message empty (SMPP 3.4 §5.3.2.32: never both).
import smpp from 'smpp';
import { smsSegments } from '../../domain/usage/segments.ts';
import type { SmppDataCoding, SmppLongMessages } from './settings.ts';

export const DATA_CODING = { GSM7: 0x00, UCS2: 0x08 } as const;
export const ESM_UDHI = 0x40;

export interface EncodedPart {
  readonly dataCoding: number;
  readonly esmClass: number;
  /** UDH (when split) followed by the encoded text; empty when the text is in messagePayload. */
  readonly shortMessage: Buffer;
  /** The whole encoded text of a long message sent as one submit_sm; null otherwise. */
  readonly messagePayload: Buffer | null;
}

const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/** UCS-2 parts of a body of any characters, never cutting a surrogate pair. */
const ucs2Parts = (body: string): string[] => {
  if (body.length <= UCS2_SINGLE) return [body];
  const parts: string[] = [];
  let current = '';
  for (const char of body) {
    if (current.length + char.length > UCS2_PART) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '') parts.push(current);
  return parts;
};

/** The encoding and text of each part: GSM-7 when the account allows it and the body fits the alphabet. */
export const splitBody = (body: string, coding: SmppDataCoding): { readonly dataCoding: number; readonly parts: readonly string[] } => {
  if (coding === 'ucs2') return { dataCoding: DATA_CODING.UCS2, parts: ucs2Parts(body) };
  const split = smsSegments(body);
  return { dataCoding: split.encoding === 'GSM-7' ? DATA_CODING.GSM7 : DATA_CODING.UCS2, parts: split.parts };
};

export const concatenationUdh = (reference: number, total: number, sequence: number): Buffer =>
  Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence]);

const encodeText = (text: string, dataCoding: number): Buffer =>
  dataCoding === DATA_CODING.GSM7 ? smpp.encodings.ASCII.encode(text) : smpp.encodings.UCS2.encode(text);

/**
 * The submit_sm user data of every part; `reference` (0-255) names the concatenated message. A body that
 * fits one SMS is always one short_message; a longer one is parts with UDH, or one message_payload.
 */
export const encodeMessage = (body: string, coding: SmppDataCoding, reference: number, longMessages: SmppLongMessages = 'udh'): readonly EncodedPart[] => {
  const { dataCoding, parts } = splitBody(body, coding);
  if (parts.length === 1) return [{ dataCoding, esmClass: 0, shortMessage: encodeText(parts[0] ?? '', dataCoding), messagePayload: null }];
  if (longMessages === 'payload') return [{ dataCoding, esmClass: 0, shortMessage: Buffer.alloc(0), messagePayload: encodeText(body, dataCoding) }];
  return parts.map((part, index) => ({
    dataCoding,
    esmClass: ESM_UDHI,
    shortMessage: Buffer.concat([concatenationUdh(reference, parts.length, index + 1), encodeText(part, dataCoding)]),
    messagePayload: null,
  }));
};
