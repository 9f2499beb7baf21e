import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSmsGateTally, type ReportedWarning } from './sms-gate-tally.ts';

const warning = (from: string, code = 30034) => ({ accountSid: 'AC1', interactionSid: null, code, from, to: '+14155550100', message: 'unregistered' });

test('every warning is counted; each number and code is reported once an hour, with how many it stands for', () => {
  let now = Date.UTC(2026, 11, 4);
  const reports: ReportedWarning[] = [];
  const tally = createSmsGateTally({ clock: { now: () => new Date(now) }, report: (w) => reports.push(w) });
  for (let i = 0; i < 5; i++) tally.warned(warning('+14155550001'));
  tally.warned(warning('+14155550002'));
  tally.warned(warning('+14155550001', 30035));
  assert.deepEqual(reports.map((r) => [r.from, r.code, r.occurrences]), [['+14155550001', 30034, 1], ['+14155550002', 30034, 1], ['+14155550001', 30035, 1]]);
  now += 3_600_000;
  tally.warned(warning('+14155550001'));
  assert.deepEqual(reports.at(-1)?.occurrences, 5, 'the four held back, and this one');
  assert.deepEqual([...tally.totals()], [[30034, 7], [30035, 1]]);
});
