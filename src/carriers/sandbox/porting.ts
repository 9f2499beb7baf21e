// The sandbox carrier's PortingPort: it plays the losing carrier, checking each submitted number against
// its subscriber record (subscribers.ts) the way real carriers do, in a fixed order, and answering the
// first mismatch as a rejection (Telnyx's exception names, domain/porting/rejection-codes.ts). An accepted
// number gets its FOC date by line type; the port executes then (app/porting/port-in-sweeper.ts).
import type { PortabilityAnswer, PortDecision, PortSubmission, SubscriberRecord } from '../../domain/porting/losing-carrier.ts';
import { focDateOf } from '../../domain/porting/losing-carrier.ts';
import type { RejectionCode } from '../../domain/porting/rejection-codes.ts';
import type { OwnedNumber, PortingPort } from '../../ports/carrier.ts';
import { isTollFree, isUsNumber, subscriberOf } from './subscribers.ts';

/** Names and streets compared as people write them: case, punctuation and spacing aside. */
const loose = (text: string | null | undefined): string => (text ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const digitsOf = (text: string | null | undefined): string => (text ?? '').replace(/\D/g, '');

/** The first thing the losing carrier finds wrong, or null. */
export const mismatchOf = (record: SubscriberRecord, submission: PortSubmission): RejectionCode | null => {
  const holder = submission.holder;
  if (loose(holder.customerName) !== loose(record.customerName)) return 'ENTITY_NAME_MISMATCH';
  if (holder.accountNumber !== null ? digitsOf(holder.accountNumber) !== record.accountNumber : record.lineType === 'wireless') return 'ACCOUNT_NUMBER_MISMATCH';
  if (record.pin !== null && digitsOf(submission.pin) !== record.pin) return 'PASSCODE_PIN_INVALID';
  if (holder.accountTelephoneNumber !== null && digitsOf(holder.accountTelephoneNumber) !== digitsOf(record.accountTelephoneNumber)) return 'BTN_ATN_MISMATCH';
  const zip = digitsOf(holder.address?.zip).slice(0, 5);
  if (zip !== record.address.zip) return 'LOCATION_MISMATCH';
  return null;
};

export class SandboxPorting implements PortingPort {
  /** The sandbox plays the e-signature too: POST /sandbox/PortIns/{KW}/Sign. */
  readonly collectsSignature = 'masq';

  async portability(e164: string): Promise<PortabilityAnswer> {
    if (isTollFree(e164)) return { portable: false, lineType: null, tollFree: true, reason: 'Toll-free numbers cannot be ported in through the API' };
    const record = subscriberOf(e164);
    if (record) return { portable: true, lineType: record.lineType, tollFree: false, reason: null };
    const reason = isUsNumber(e164)
      ? 'No carrier holds this number: it is not in service (buy it from the sandbox instead)'
      : 'Only US numbers can be ported in';
    return { portable: false, lineType: null, tollFree: false, reason };
  }

  async submit(submission: PortSubmission): Promise<PortDecision> {
    const record = subscriberOf(submission.e164);
    if (!record) return { kind: 'rejected', code: 'PHONE_NUMBER_NOT_PORTABLE' };
    const mismatch = mismatchOf(record, submission);
    if (mismatch) return { kind: 'rejected', code: mismatch };
    return { kind: 'accepted', focDate: focDateOf(submission.submittedAt, record.focBusinessDays, submission.targetDate) };
  }

  async subscriber(e164: string): Promise<SubscriberRecord | null> {
    return subscriberOf(e164);
  }

  /** A ported US number on the sandbox: voice, SMS and MMS, at the price of a US local number. */
  async activate(e164: string): Promise<OwnedNumber> {
    return {
      e164, carrierRef: e164, type: 'local', capabilities: { voice: true, sms: true, mms: true, fax: false }, friendlyName: null, monthlyPrice: '1.15',
    };
  }
}
