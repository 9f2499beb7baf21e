// `masq usage` against a listening masq (in-process, so the test sets the terminal's width and TTY-ness),
// and the shipped binary's help: the chart scales to the terminal and is plain text off a terminal, the
// totals agree with Usage Records, CSV and JSON are what they say, and bad command lines exit 2.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runUsage } from '../../src/cli/usage/usage.ts';
import type { UsageIo } from '../../src/cli/usage/io.ts';
import { aCostRecord } from '../support/cost-records.ts';
import { sid } from '../support/fixtures.ts';
import { startUsageApi, type UsageApi } from '../support/usage-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN } from '../api/support.ts';
import { runCli } from './run-cli.ts';

// The CLI's default period is this month by the machine's clock; the records are placed in it.
const today = new Date();
const day = (d: number): Date => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), d, 12));
const PN_A = sid('phoneNumber');
const ESC = '\u001b[';

const run = async (api: UsageApi, args: readonly string[], terminal: { tty: boolean; columns: number | null } = { tty: false, columns: null }) => {
  let stdout = '';
  let stderr = '';
  const io: UsageIo = {
    env: { MASQ_URL: api.origin, MASQ_ACCOUNT_SID: ACCOUNT_SID, MASQ_AUTH_TOKEN: AUTH_TOKEN },
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    stderrIsTty: false,
    stdoutIsTty: terminal.tty,
    columns: terminal.columns,
  };
  const code = await runUsage(args, io);
  return { code, stdout, stderr };
};

describe('masq usage', () => {
  let api: UsageApi;

  before(async () => {
    api = await startUsageApi('sqlite', new Date(Date.UTC(today.getUTCFullYear() - 1, 0, 1)), today);
    await api.runtime.deps.store.recordCosts([
      aCostRecord(ACCOUNT_SID, { occurredAt: day(1), numberSid: PN_A, phoneNumber: '+14155550100' }),
      aCostRecord(ACCOUNT_SID, { occurredAt: day(1), category: 'sms-inbound-longcode', numberSid: PN_A, phoneNumber: '+14155550100' }),
      aCostRecord(ACCOUNT_SID, { occurredAt: day(1), category: 'phonenumbers-local', unit: 'numbers', rateMicros: 1_150_000, amountMicros: 1_150_000, numberSid: PN_A, phoneNumber: '+14155550100' }),
      aCostRecord(ACCOUNT_SID, { occurredAt: day(1), category: 'calls-outbound', unit: 'seconds', quantity: 90, billableQuantity: 120, rateMicros: 14000, amountMicros: 28000 }),
    ]);
  });
  after(async () => { await api.close(); });

  test('by category (the default): a bar per category, longest for the dearest, then the totals table', async () => {
    const { code, stdout, stderr } = await run(api, []);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.match(lines[0] ?? '', /^Usage from \d{4}-\d{2}-01 to \d{4}-\d{2}-\d{2}, by category$/);
    const bars = lines.filter((l) => /[█▏▎▍▌▋▊▉]/.test(l));
    assert.equal(bars.length, 4);
    const barOf = (name: string): number => (bars.find((l) => l.startsWith(name)) ?? '').replace(/[^█▏▎▍▌▋▊▉]/g, '').length;
    assert.ok(barOf('phonenumbers-local') > barOf('calls-outbound') && barOf('calls-outbound') > barOf('sms-inbound-longcode'));
    assert.ok(bars.every((l) => [...l].length <= 80), 'off a terminal the chart is 80 columns wide');
    assert.ok(!stdout.includes(ESC), 'no colour off a terminal');
    assert.match(stdout, /^Category +Count +Usage +Price$/m);
    assert.match(stdout, /^calls-outbound +1 +2 minutes +\$0\.028$/m);
    assert.match(stdout, /^Total: \$1\.1946$/m);
  });

  test('on a terminal: coloured bars as wide as the terminal allows', async () => {
    const wide = await run(api, ['--by', 'category'], { tty: true, columns: 160 });
    assert.ok(wide.stdout.includes(`${ESC}36m`));
    const widest = (out: string): number => Math.max(...out.split('\n').map((l) => l.replace(/\u001b\[\d+m/g, '').replace(/[^█]/g, '').length));
    const narrow = await run(api, ['--by', 'category'], { tty: true, columns: 60 });
    assert.ok(widest(wide.stdout) > widest(narrow.stdout) * 2, `${widest(wide.stdout)} vs ${widest(narrow.stdout)}`);
  });

  test('by day and month chart totalprice (or --category); by number reads the cost report', async () => {
    const byDay = await run(api, ['--by', 'day', '--category', 'sms']);
    assert.equal(byDay.code, 0, byDay.stderr);
    assert.match(byDay.stdout, new RegExp(`^${day(1).toISOString().slice(0, 10)} +2 +2 segments +\\$0\\.0166$`, 'm'));
    const byMonth = await run(api, ['--by', 'month']);
    assert.match(byMonth.stdout, new RegExp(`^${day(1).toISOString().slice(0, 7)} +0 +1\\.1946 usd +\\$1\\.1946$`, 'm'));
    const byNumber = await run(api, ['--by', 'number']);
    assert.match(byNumber.stdout, /^\+14155550100 +\$1\.1666$/m);
  });

  test('--csv and --json', async () => {
    const csv = await run(api, ['--by', 'category', '--csv']);
    assert.equal(csv.stdout.split('\r\n')[0], 'label,count,usage,usage_unit,price,price_unit');
    assert.ok(csv.stdout.includes('\r\nphonenumbers-local,1,1,numbers,1.15,usd\r\n'));
    const json = await run(api, ['--by', 'day', '--json']);
    const records: unknown = JSON.parse(json.stdout);
    assert.ok(Array.isArray(records) && records.length === today.getUTCDate());
  });

  test('bad command lines exit 2; masq refusals exit 1 with the code', async () => {
    for (const args of [['--by', 'week'], ['--from', 'last week'], ['--csv', '--json'], ['--colour']]) {
      const r = await run(api, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^masq usage: /);
    }
    const refused = await run(api, ['--from', '2026-02-30']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^Error 80701: 'StartDate' is invalid/);
  });

  test('the binary lists the command and its help', async () => {
    assert.match((await runCli(['--help'])).stdout, /^ {2}usage +what the account used/m);
    const help = await runCli(['usage', '--help']);
    assert.equal(help.code, 0);
    for (const flag of ['--from', '--to', '--by', '--category', '--include-subaccounts', '--csv', '--json', 'MASQ_AUTH_TOKEN']) assert.ok(help.stdout.includes(flag), flag);
  });
});
