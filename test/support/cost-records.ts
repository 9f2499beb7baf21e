// Cost record fixtures for the storage and usage suites.
import type { CostRecord } from '../../src/domain/usage/cost-record.ts';
import { sid } from './fixtures.ts';

/** An outbound long-code SMS segment record; override anything. */
export const aCostRecord = (accountSid: string, o: Partial<CostRecord> = {}): CostRecord => {
  const recordSid = o.sid ?? sid('costRecord');
  return {
    sid: recordSid,
    accountSid,
    category: 'sms-outbound-longcode',
    eventKey: `${recordSid}:event`,
    resourceSid: sid('interaction'),
    numberSid: null,
    phoneNumber: null,
    serviceSid: null,
    carrier: 'sandbox',
    quantity: 1,
    unit: 'segments',
    billableQuantity: 1,
    rateMicros: 8300,
    amountMicros: 8300,
    currency: 'usd',
    occurredAt: new Date('2026-03-15T12:00:00.000Z'),
    rateCardVersion: 'test-1',
    ...o,
  };
};
