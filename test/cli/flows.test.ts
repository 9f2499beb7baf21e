// `masq flows` against a listening masq (in-process, as a user's terminal would see it), and the shipped
// binary's help: validate (a refused flow listed problem by problem), push (a new flow, then a revision,
// and a refused stale save), list, dry-run (the path, node by node) and attach / --detach; bad command
// lines and unreadable files exit 2, refusals exit 1.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runFlows } from '../../src/cli/flows/flows.ts';
import type { CliIo } from '../../src/cli/numbers/io.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, startApi, str, type Api } from '../api/support.ts';
import { runCli } from './run-cli.ts';

const FLOW = {
  version: 1,
  start: 'hours',
  nodes: {
    hours: { type: 'route', rules: [{ when: { time: { timezone: 'America/New_York', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } }, next: 'menu' }], otherwise: 'closed' },
    menu: { type: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales' } },
    sales: { type: 'forward', to: ['+14155550101'] },
    closed: { type: 'voicemail' },
  },
};

describe('masq flows', () => {
  let api: Api;
  let origin = '';
  let dir = '';
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };

  const run = async (args: readonly string[]) => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      env: { MASQ_URL: origin, MASQ_ACCOUNT_SID: ACCOUNT_SID, MASQ_AUTH_TOKEN: AUTH_TOKEN },
      stdout: (t) => { stdout += t; },
      stderr: (t) => { stderr += t; },
      stderrIsTty: false,
    };
    const code = await runFlows(args, io);
    return { code, stdout, stderr };
  };

  before(async () => {
    api = await startApi();
    origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'masq-flows-cli-'));
  });
  after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('validate: a good file, a refused one problem by problem, an unreadable one', async () => {
    const good = await run(['validate', file('good.json', FLOW)]);
    assert.deepEqual([good.code, good.stdout], [0, `${join(dir, 'good.json')} is a valid flow.\n`]);
    const bad = await run(['validate', file('bad.json', { ...FLOW, nodes: { ...FLOW.nodes, menu: { type: 'menu', prompt: 'x', options: { 1: 'sales', 2: 'nowhere' } }, sales: { type: 'forward', to: ['415'] } } })]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, [
      'The flow is not valid (error 81022):',
      '  /nodes/sales/to/0: expected an E.164 number such as +14155550100, got "415"',
      '  /nodes/menu/options/2: unknown node "nowhere"',
      '',
    ].join('\n'));
    const missing = await run(['validate', join(dir, 'missing.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^masq flows validate: cannot read .*missing\.json/);
  });

  test('push, list, dry-run and attach: the whole round trip', async () => {
    const path = file('front-desk.json', FLOW);
    const created = await run(['push', path]);
    assert.equal(created.code, 0, created.stderr);
    const sid = /Created flow (FW[0-9a-f]{32}) "front-desk" revision 1\./.exec(created.stdout)?.[1] ?? '';
    assert.notEqual(sid, '');
    const saved = await run(['push', path, '--flow', sid, '--message', 'same again', '--expected-revision', '1']);
    assert.equal(saved.stdout, `Saved flow ${sid} "front-desk" revision 2.\n`);
    const stale = await run(['push', path, '--flow', sid, '--expected-revision', '1']);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /^Error 80701: Flow FW[0-9a-f]{32} is at revision 2, not 1/);

    const listed = await run(['list']);
    assert.match(listed.stdout, new RegExp(`^${sid} +front-desk +2 `, 'm'));

    const dry = await run(['dry-run', sid, '--from', '+12125550100', '--at', '2026-12-07T10:00:00-05:00', '--digits', '1']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, [
      `Flow ${sid} revision 2, voice at 2026-12-07T15:00:00Z`,
      '   1. hours (route): rule 1 matched (time: mon,tue,wed,thu,fri 09:00-17:00 America/New_York)',
      '   2. menu (menu): next',
      '       say "Press 1 for sales", then wait 5 s for a key',
      '       no key pressed: go on',
      '   3. menu (menu): pressed 1',
      '   4. sales (forward): option 1 of menu "menu"',
      '       dial +14155550101 (ring 20 s, caller id +12125550100)',
      'Outcome: the call is connected to +14155550101',
      '',
    ].join('\n'));
    const sunday = await run(['dry-run', sid, '--from', '+12125550100', '--at', '2026-12-06T21:00-05:00', '--json']);
    const answer: unknown = JSON.parse(sunday.stdout);
    assert.ok(typeof answer === 'object' && answer !== null && 'outcome' in answer);
    assert.equal(answer.outcome, 'the caller leaves a voicemail');

    const offer = await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/AvailablePhoneNumbers/US/Local.json?AreaCode=212&PageSize=1`);
    const e164 = str(list(offer.json, 'available_phone_numbers')[0] ?? {}, 'phone_number');
    assert.equal((await api.post(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, { PhoneNumber: e164 })).status, 201);
    const attached = await run(['attach', sid, e164, '--revision', '1']);
    assert.deepEqual([attached.code, attached.stdout], [0, `${e164} is answered by flow ${sid} (revision 1).\n`]);
    const detached = await run(['attach', '--detach', e164]);
    assert.deepEqual([detached.code, detached.stdout], [0, `${e164} has no flow now.\n`]);
  });

  test('bad command lines exit 2 with a hint; --help on each command', async () => {
    for (const args of [['dry-run', `FW${'a'.repeat(32)}`], ['dry-run', 'FW1', '--from', '+1'], ['attach', 'nope', '+14155550100'], ['push'], ['push', 'a.json', '--expected-revision', '1'], ['validate', 'a', 'b'], ['list', '--colour']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^masq flows [a-z-]+: .*\nRun 'masq flows [a-z-]+ --help' for the options\.\n$/);
    }
    assert.equal((await run(['teleport'])).code, 2);
    for (const name of ['validate', 'push', 'list', 'dry-run', 'attach']) {
      const help = await run([name, '--help']);
      assert.equal(help.code, 0, name);
      assert.match(help.stdout, new RegExp(`^Usage: masq flows ${name}`));
    }
  });

  test('the binary lists the command and its help', async () => {
    assert.match((await runCli(['--help'])).stdout, /^ {2}flows +masq flows: validate, save, dry-run and attach/m);
    const help = await runCli(['flows', '--help']);
    assert.equal(help.code, 0);
    for (const word of ['validate', 'push', 'dry-run', 'attach', 'MASQ_AUTH_TOKEN']) assert.ok(help.stdout.includes(word), word);
    const dryRunHelp = await runCli(['flows', 'dry-run', '--help']);
    for (const flag of ['--from', '--at', '--digits', '--channel', '--attestation', '--dial-status']) assert.ok(dryRunHelp.stdout.includes(flag), flag);
  });
});
