// A carrier account's own problems (what goes wrong on its link, outside any request) reach masq's logger:
// the composition root hands each account an onProblem (CarrierType.create's context) that logs a warning
// naming the account. Checked through a real runtime (a SIP account whose port is taken), and for SMPP at
// the carrier type (an MO masq could not act on, against the in-process SMSC).
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { SIP_SETTINGS } from '../../src/carriers/sip/settings.ts';
import { SMPP_CARRIER } from '../../src/carriers/smpp/carrier-type.ts';
import { SMPP_SETTINGS } from '../../src/carriers/smpp/settings.ts';
import { SMPP_STATUS } from '../../src/carriers/smpp/smpp-client.ts';
import { defaultConfig } from '../../src/config/load-config.ts';
import { createRuntime } from '../../src/runtime.ts';
import { accountsLoader } from '../support/carrier-settings.ts';
import { startFakeSmsc } from '../support/smpp-smsc.ts';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly carrier: string;
  readonly carrierType: string;
  readonly err: { readonly message: string } | null;
}

const field = (record: object, name: string): unknown => (name in record ? Object.entries(record).find(([key]) => key === name)?.[1] : undefined);

/** One pino JSON line, read and checked (never cast). */
const logLineOf = (text: string): LogLine | null => {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return null;
  const [level, msg, carrier, carrierType, err] = ['level', 'msg', 'carrier', 'carrierType', 'err'].map((name) => field(parsed, name));
  if (typeof level !== 'number' || typeof msg !== 'string' || typeof carrier !== 'string' || typeof carrierType !== 'string') return null;
  const message = typeof err === 'object' && err !== null ? field(err, 'message') : undefined;
  return { level, msg, carrier, carrierType, err: typeof message === 'string' ? { message } : null };
};

const eventually = async <T>(find: () => T | undefined, what: string, ms = 15_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const PINO_WARN = 40;

describe('carrier accounts\' problems reach masq\'s logger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-carrier-problems-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a SIP account that cannot bind its port: a warning naming the account and the error', async () => {
    const squatter = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => { lines.push(line); } });
    const carrierAccounts = [...accountsLoader(SIP_SETTINGS).load([{
      type: 'sip', name: 'trunk', listenAddress: '127.0.0.1', listenPort: String(squatter.address().port), transports: 'udp', leaseMs: '3000',
    }])];
    const runtime = await createRuntime(defaultConfig({ databaseUrl: `sqlite:${join(dir, 'sip.db')}`, recordingsDir: join(dir, 'recordings'), carrierAccounts }), { sweepIntervalMs: 0, jobIntervalMs: 0, logger });
    try {
      const line = await eventually(() => lines.map(logLineOf).find((l) => l?.carrier === 'trunk') ?? undefined, 'the SIP account\'s warning');
      assert.equal(line.level, PINO_WARN);
      assert.equal(line.carrierType, 'sip');
      assert.match(line.msg, /^SIP account "trunk": .*EADDRINUSE/);
      assert.match(line.err?.message ?? '', /EADDRINUSE/, 'the error itself is logged with the line');
    } finally {
      await runtime.close();
      squatter.close();
    }
  });

  test('an SMPP account that could not act on an MO (the store failed): the problem is reported naming the account', async () => {
    const credentials = { systemId: 'masq', password: 'secret' };
    const smsc = await startFakeSmsc(credentials);
    const [settings] = accountsLoader(SMPP_SETTINGS).load([{
      type: 'smpp', name: 'smsc', host: '127.0.0.1', port: String(smsc.port), systemId: credentials.systemId, password: credentials.password,
      bindMode: 'transceiver', country: 'GB', leaseMs: '3000',
    }]);
    assert.ok(settings);
    const problems: { problem: string; err: unknown }[] = [];
    const account = SMPP_CARRIER.create(settings, null, { onProblem: (problem, err) => problems.push({ problem, err }) });
    const link = account.link;
    assert.ok(link);
    try {
      link.open({
        report: () => Promise.reject(new Error('database down')),
        route: () => Promise.reject(new Error('database down')),
        step: () => Promise.reject(new Error('an SMPP bind has no program steps')),
      });
      await eventually(() => (link.ready() ? true : undefined), 'the bind');
      const status = await smsc.deliver({ source_addr: '447700900002', source_addr_ton: 1, destination_addr: '447700900001', dest_addr_ton: 1, short_message: 'hello' });
      assert.equal(status, SMPP_STATUS.X_T_APPN, 'the SMSC is told to try again');
      const reported = await eventually(() => problems[0], 'the reported problem');
      assert.equal(reported.problem, 'SMPP account "smsc": database down');
      assert.ok(reported.err instanceof Error && reported.err.message === 'database down');
    } finally {
      await link.close();
      await smsc.close();
    }
  });
});
