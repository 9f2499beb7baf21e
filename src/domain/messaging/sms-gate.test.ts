import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { TOLL_FREE_AREA_CODES } from '../numbering-plan/nanp.ts';
import { applyGatingMode, checkSmsGate, destinationScope, gateProblem, mayBeGated, senderKind, smsGatingOf, type SenderRegistration } from './sms-gate.ts';

const LOCAL = '+14155551001', TOLL_FREE = '+18005550100', CA = '+14165550100', UK = '+447700900123';
const none: SenderRegistration = { campaignStatus: null, tollfreeStatus: null };
const campaign = (status: string): SenderRegistration => ({ campaignStatus: status, tollfreeStatus: null });
const tollfree = (status: string): SenderRegistration => ({ campaignStatus: null, tollfreeStatus: status });
const gate = (from: string, to: string, registration: SenderRegistration) => checkSmsGate({ from, to, inventoryType: null, registration });

test('destinations: 10DLC rules for US, PR, VI, GU, AS; toll-free rules for US and CA; nothing else', () => {
  assert.deepEqual(destinationScope('+14155550123'), { tenDlc: true, tollFree: true });
  for (const to of ['+17875550123', '+13405550123', '+16715550123', '+16845550123']) assert.deepEqual(destinationScope(to), { tenDlc: true, tollFree: false }, to);
  assert.deepEqual(destinationScope(CA), { tenDlc: false, tollFree: true });
  assert.equal(destinationScope(UK), null);
  assert.equal(destinationScope('+12685550123'), null, 'Antigua shares +1 but is not gated');
  assert.equal(destinationScope('whatsapp:+14155550123'), null);
});

test('senders: a US long code is 10DLC, an 8xx number toll-free; short codes, alphanumerics and other countries are not gated', () => {
  assert.equal(senderKind(LOCAL), '10dlc');
  assert.equal(senderKind(TOLL_FREE), 'toll-free');
  assert.equal(senderKind(CA), 'ungated');
  assert.equal(senderKind(UK), 'ungated');
  assert.equal(senderKind('12345'), 'ungated');
  assert.equal(senderKind('MASQ'), 'ungated');
  assert.equal(senderKind(LOCAL, 'toll-free'), 'toll-free', 'the inventory type wins');
});

test("the allocator's SQL classifies toll-free by area code: every listed code is libphonenumber's TOLL_FREE", () => {
  for (const npa of TOLL_FREE_AREA_CODES) assert.equal(parsePhoneNumberFromString(`+1${npa}5550100`)?.getType(), 'TOLL_FREE', npa);
});

test('rule 1: a 10DLC sender to a US destination needs a VERIFIED campaign (30034 none/FAILED, 30035 pending, 30033 suspended)', () => {
  assert.equal(gate(LOCAL, '+14155550123', none), 'sms-unregistered-number');
  assert.equal(gate(LOCAL, '+14155550123', campaign('FAILED')), 'sms-unregistered-number');
  assert.equal(gate(LOCAL, '+17875550123', campaign('PENDING')), 'sms-number-being-configured');
  assert.equal(gate(LOCAL, '+14155550123', campaign('IN_PROGRESS')), 'sms-number-being-configured');
  assert.equal(gate(LOCAL, '+14155550123', campaign('SUSPENDED')), 'sms-campaign-suspended');
  assert.equal(gate(LOCAL, '+14155550123', campaign('VERIFIED')), null);
  assert.equal(gate(LOCAL, CA, none), null, 'Canada-bound 10DLC traffic is not gated');
  assert.equal(gate(LOCAL, UK, none), null);
});

test('rule 2: a toll-free sender to US/CA needs TWILIO_APPROVED (30032); rule 3: others pass', () => {
  for (const status of [null, 'PENDING_REVIEW', 'IN_REVIEW', 'TWILIO_REJECTED']) {
    assert.equal(gate(TOLL_FREE, CA, tollfree(status ?? '')), 'sms-tollfree-unverified', String(status));
  }
  assert.equal(gate(TOLL_FREE, '+14155550123', tollfree('TWILIO_APPROVED')), null);
  assert.equal(gate(TOLL_FREE, '+17875550123', none), null, 'toll-free to PR is not gated');
  assert.equal(gate(UK, '+14155550123', none), null);
  assert.equal(mayBeGated(LOCAL, UK), false);
  assert.equal(mayBeGated(UK, LOCAL), false);
  assert.equal(mayBeGated(LOCAL, CA), false);
  assert.equal(mayBeGated(TOLL_FREE, CA), true);
});

test('modes: enforce blocks, warn sends with the problem, off sends; the problem carries the code and a remedy', () => {
  const problem = gateProblem('sms-unregistered-number', LOCAL, '+14155550123');
  assert.equal(problem.code, 30034);
  assert.match(problem.message, /Unregistered Number: \+14155551001 cannot text \+14155550123; add the number to a messaging service/);
  assert.deepEqual(applyGatingMode('enforce', problem), { kind: 'block', problem });
  assert.deepEqual(applyGatingMode('warn', problem), { kind: 'warn', problem });
  assert.deepEqual(applyGatingMode('off', problem), { kind: 'send' });
  assert.deepEqual(applyGatingMode('enforce', null), { kind: 'send' });
  assert.equal(smsGatingOf({ smsGating: 'off' }, 'enforce'), 'off');
  assert.equal(smsGatingOf({}, 'enforce'), 'enforce');
});
