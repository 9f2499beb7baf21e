// The subaccount rules: who may change an account's name and status, and between which accounts a number
// may move (Twilio's 21473 / 21474).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountChangeRefusal, defaultSubaccountName, transferRefusal, type Account } from './account.ts';

const T = new Date('2025-01-02T03:04:05Z');
const account = (sid: string, ownerAccountSid: string | null, status: Account['status'] = 'active'): Account => ({
  sid, friendlyName: sid, authToken: 't', ownerAccountSid, status, dateCreated: T, dateUpdated: T,
});
const OWNER = account('ACowner', null);
const SUB = account('ACsub', 'ACowner');
const SIBLING = account('ACsibling', 'ACowner');
const STRANGER = account('ACstranger', null);
const STRANGERS_SUB = account('ACstrangers-sub', 'ACstranger');

describe('accountChangeRefusal', () => {
  test('the owner suspends, reactivates and closes its subaccount; either of them renames it', () => {
    for (const status of ['suspended', 'closed'] as const) assert.equal(accountChangeRefusal(OWNER, SUB, { status }), null);
    assert.equal(accountChangeRefusal(OWNER, account('ACsub', 'ACowner', 'suspended'), { status: 'active' }), null);
    assert.equal(accountChangeRefusal(OWNER, SUB, { friendlyName: 'new' }), null);
    assert.equal(accountChangeRefusal(SUB, SUB, { friendlyName: 'new' }), null);
  });

  test('a subaccount cannot change its own status; a top-level account cannot change its own', () => {
    assert.match(String(accountChangeRefusal(SUB, SUB, { status: 'closed' })), /owner/);
    for (const status of ['suspended', 'closed'] as const) assert.match(String(accountChangeRefusal(OWNER, OWNER, { status })), /top-level/);
    assert.equal(accountChangeRefusal(OWNER, OWNER, { friendlyName: 'renamed' }), null);
  });

  test('closed is final: no reopening, no renaming; a change that changes nothing is fine', () => {
    const closed = account('ACsub', 'ACowner', 'closed');
    for (const change of [{ status: 'active' as const }, { status: 'suspended' as const }, { friendlyName: 'x' }]) {
      assert.match(String(accountChangeRefusal(OWNER, closed, change)), /closed/);
    }
    assert.equal(accountChangeRefusal(OWNER, closed, { status: 'closed', friendlyName: 'ACsub' }), null);
    assert.equal(accountChangeRefusal(OWNER, SUB, {}), null);
  });
});

describe('transferRefusal', () => {
  test('within one family a number moves freely at the owner\'s request', () => {
    for (const [from, to] of [[OWNER, SUB], [SUB, OWNER], [SUB, SIBLING], [SUB, SUB]] as const) {
      assert.equal(transferRefusal(from, to, OWNER.sid), null, `${from.sid} -> ${to.sid}`);
    }
  });

  test('a subaccount with its own credentials may only give a number back to its owner (21474 otherwise)', () => {
    assert.equal(transferRefusal(SUB, OWNER, SUB.sid), null);
    assert.equal(transferRefusal(SUB, SIBLING, SUB.sid), 'not-parent');
  });

  test('outside the family, or to an account not active, is not related (21473)', () => {
    for (const [from, to] of [[OWNER, STRANGER], [OWNER, STRANGERS_SUB], [SUB, STRANGERS_SUB], [SUB, STRANGER]] as const) {
      assert.equal(transferRefusal(from, to, from.ownerAccountSid ?? from.sid), 'not-related', `${from.sid} -> ${to.sid}`);
    }
    assert.equal(transferRefusal(OWNER, account('ACsub', 'ACowner', 'suspended'), OWNER.sid), 'not-related');
    assert.equal(transferRefusal(OWNER, account('ACsub', 'ACowner', 'closed'), OWNER.sid), 'not-related');
    // A caller that is neither the number's owner nor that owner's owner.
    assert.equal(transferRefusal(SUB, SIBLING, SIBLING.sid), 'not-related');
  });
});

test("a subaccount's default name is Twilio's, in UTC with a 12-hour clock", () => {
  assert.equal(defaultSubaccountName(new Date('2015-07-21T10:38:00Z')), 'SubAccount Created at 2015-07-21 10:38 am');
  assert.equal(defaultSubaccountName(new Date('2015-07-21T00:05:00Z')), 'SubAccount Created at 2015-07-21 12:05 am');
  assert.equal(defaultSubaccountName(new Date('2015-07-21T13:00:00Z')), 'SubAccount Created at 2015-07-21 01:00 pm');
});
