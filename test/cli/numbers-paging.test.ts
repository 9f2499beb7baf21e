// The `masq numbers` commands in-process against a scripted masq on loopback: the import loop over pages
// (PageToken in, a count on a terminal, a resume hint when a page fails), batches with one failure, the
// 2010 next_page_uri followed under /api, and --all-states on a masq without /masq/v1/Numbers.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { CliIo } from '../../src/cli/numbers/io.ts';
import { runNumbers } from '../../src/cli/numbers/numbers.ts';
import { Progress } from '../../src/cli/numbers/progress.ts';

const AC = `AC${'a'.repeat(32)}`;
const pn = (n: number): string => `PN${String(n).padStart(32, '0')}`;

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: URLSearchParams;
  readonly authorization: string | undefined;
}

type Handler = (seen: Seen) => { status: number; body?: unknown };

const readBody = (req: IncomingMessage): Promise<string> => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk: Buffer) => { data += chunk.toString('utf8'); });
  req.on('end', () => resolve(data));
});

/** What the commands printed, with stderr playing a terminal or not. */
const captureIo = (tty: boolean, env: CliIo['env']): CliIo & { out: () => string; err: () => string } => {
  let out = '';
  let err = '';
  return { env, stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, stderrIsTty: tty, out: () => out, err: () => err };
};

describe('masq numbers against a scripted masq', () => {
  let server: Server;
  let url: string;
  let handler: Handler = () => ({ status: 404 });
  const seen: Seen[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      void readBody(req).then((text) => {
        const request = { method: req.method ?? '', path: req.url ?? '', body: new URLSearchParams(text), authorization: req.headers.authorization };
        seen.push(request);
        const answer = handler(request);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = (): CliIo['env'] => ({ MASQ_URL: url, MASQ_ACCOUNT_SID: AC, MASQ_AUTH_TOKEN: 'secret' });

  test('import walks every page, passing each next_page_token back, and counts on a terminal', async () => {
    seen.length = 0;
    const pages: Record<string, unknown> = {
      '': { imported: [{ sid: pn(1), phone_number: '+14155550101' }], skipped: [{ phone_number: '+14155550102', reason: 'already in your inventory as PN1 (active)' }], next_page_token: 'tok 2' },
      'tok 2': { imported: [{ sid: pn(3), phone_number: '+14155550103' }], skipped: [], next_page_token: null },
    };
    handler = ({ body }) => ({ status: 200, body: pages[body.get('PageToken') ?? ''] });
    const io = captureIo(true, env());
    assert.equal(await runNumbers(['import', '--carrier', 'twilio', '--point-at-masq'], io), 0);
    assert.deepEqual(seen.map((s) => [s.method, s.path, s.body.get('Carrier'), s.body.get('PointAtMasq'), s.body.get('PageToken')]), [
      ['POST', '/masq/v1/Numbers/Import', 'twilio', 'true', null],
      ['POST', '/masq/v1/Numbers/Import', 'twilio', 'true', 'tok 2'],
    ]);
    assert.equal(seen[0]?.authorization, `Basic ${Buffer.from(`${AC}:secret`).toString('base64')}`);
    assert.match(io.err(), /Importing: numbers seen 2 \(1 imported, 1 skipped\)/);
    assert.match(io.err(), /Importing: numbers seen 3 \(2 imported, 1 skipped\)\r\x1b\[2K$/, 'the line is cleared before the results');
    assert.match(io.out(), /^Imported:\nSID +Phone number\n-+ +-+\nPN0+1 +\+14155550101\nPN0+3 +\+14155550103\n/);
    assert.match(io.out(), /Skipped:\nPhone number +Reason\n-+ +-+\n\+14155550102 +already in your inventory as PN1 \(active\)\n/);
    assert.match(io.out(), /2 imported and 1 skipped from carrier account twilio\.\n$/);
  });

  test('an import that fails part-way shows what came in, how to resume, and the error (exit 1)', async () => {
    handler = ({ body }) => (body.get('PageToken') === null
      ? { status: 200, body: { imported: [{ sid: pn(1), phone_number: '+14155550101' }], skipped: [], next_page_token: '/2010-04-01/Accounts/ACx/IncomingPhoneNumbers.json?Page=1' } }
      : { status: 502, body: { code: 80613, message: 'Carrier account twilio could not list its numbers: timeout', more_info: 'https://www.twilio.com/docs/errors/80613', status: 502 } });
    const io = captureIo(false, env());
    assert.equal(await runNumbers(['import', '--carrier', 'twilio'], io), 1);
    assert.match(io.out(), /PN0+1 +\+14155550101/);
    assert.match(io.err(), /Resume with: masq numbers import --carrier twilio --page-token '\/2010-04-01\/Accounts\/ACx\/IncomingPhoneNumbers\.json\?Page=1'\n/);
    assert.match(io.err(), /Error 80613: Carrier account twilio could not list its numbers: timeout\n {2}more info: https:\/\/www\.twilio\.com\/docs\/errors\/80613\n$/);
    assert.doesNotMatch(io.err(), /\x1b/, 'nothing drawn when stderr is not a terminal');
  });

  test('buying several numbers: a bar on a terminal, each failure by number, the rest bought (exit 1)', async () => {
    handler = ({ body }) => (body.get('PhoneNumber') === '+14155550102'
      ? { status: 400, body: { code: 21422, message: 'PhoneNumber is not available', more_info: 'https://www.twilio.com/docs/errors/21422', status: 400 } }
      : { status: 201, body: { sid: pn(Number(body.get('PhoneNumber')?.slice(-1))), phone_number: body.get('PhoneNumber'), friendly_name: 'x', status: 'in-use', capabilities: { voice: true, sms: true, mms: false, fax: false } } });
    const io = captureIo(true, env());
    assert.equal(await runNumbers(['buy', '+14155550101', '+14155550102', '+14155550103', '--carrier', 'sandbox'], io), 1);
    assert.match(io.err(), /Buying \[#{8}\.{16}\] 1\/3/);
    assert.match(io.err(), /Buying \[#{24}\] 3\/3 \(1 failed\)/);
    assert.match(io.err(), /\+14155550102: error 21422: PhoneNumber is not available\n$/);
    const lines = io.out().trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^SID +Phone number +Friendly name +State +Carrier +Capabilities$/);
    assert.deepEqual(lines.slice(2).map((l) => l.split(/ +/)[1]), ['+14155550101', '+14155550103']);
  });

  test('a refused credential stops a batch at once instead of failing every number alike', async () => {
    seen.length = 0;
    handler = () => ({ status: 401, body: { code: 20003, message: 'Authenticate', detail: 'Your AccountSid or AuthToken was incorrect.', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } });
    const io = captureIo(false, env());
    assert.equal(await runNumbers(['release', pn(1), pn(2), pn(3)], io), 1);
    assert.equal(seen.length, 1);
    assert.match(io.err(), /^PN0+1: error 20003: Authenticate: Your AccountSid or AuthToken was incorrect\.\nStopped; not tried: PN0+2 PN0+3\n$/);
  });

  test('list follows next_page_uri under the /api mount up to --limit; release finds an E.164 by the PhoneNumber filter', async () => {
    seen.length = 0;
    const base = `/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json`;
    const row = (n: number) => ({ sid: pn(n), phone_number: `+1415555010${n}`, friendly_name: `n${n}`, status: 'in-use', capabilities: {} });
    handler = ({ method, path }) => {
      if (method === 'DELETE') return { status: 204 };
      if (path.includes('PhoneNumber=')) return { status: 200, body: { incoming_phone_numbers: [row(1), row(2)].filter((r) => decodeURIComponent(path).includes(r.phone_number)), next_page_uri: null } };
      return path.includes('Page=1')
        ? { status: 200, body: { incoming_phone_numbers: [row(3), row(4)], next_page_uri: `${base}?PageSize=2&Page=2` } }
        : { status: 200, body: { incoming_phone_numbers: [row(1), row(2)], next_page_uri: `${base}?PageSize=2&Page=1` } };
    };
    const io = captureIo(false, env());
    assert.equal(await runNumbers(['list', '--limit', '3', '--json'], io), 0);
    const listed: unknown = JSON.parse(io.out());
    assert.ok(Array.isArray(listed));
    assert.deepEqual(listed.map((r: { sid: string }) => r.sid), [pn(1), pn(2), pn(3)]);
    assert.deepEqual(seen.map((s) => s.path), [`/api${base}?PageSize=3`, `/api${base}?PageSize=2&Page=1`]);

    seen.length = 0;
    const released = captureIo(false, env());
    assert.equal(await runNumbers(['release', '+14155550102', '--close-sessions'], released), 0, released.err());
    const del = seen.find((s) => s.method === 'DELETE');
    assert.equal(del?.path, `/api/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers/${pn(2)}.json?MasqCloseSessions=true`);
    assert.match(released.out(), /^Released:\nSID +Phone number\n-+ +-+\nPN0+2 +\+14155550102\n$/);
  });

  test('--all-states on a masq without /masq/v1/Numbers says so (exit 1)', async () => {
    handler = () => ({ status: 404, body: { code: 20404, message: 'The requested resource /masq/v1/Numbers was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 } });
    const io = captureIo(false, env());
    assert.equal(await runNumbers(['list', '--all-states'], io), 1);
    assert.match(io.err(), /^Error 20404: this masq server has no \/masq\/v1\/Numbers/);
  });

  test('a progress count with no total, and nothing drawn off a terminal', () => {
    const tty = captureIo(true, {});
    const counting = new Progress(tty, 'Importing', null);
    counting.tick(50, '50 imported');
    assert.equal(counting.line(), 'Importing 50 (50 imported)');
    counting.stop();
    assert.equal(tty.err(), '\r\x1b[2KImporting 50 (50 imported)\r\x1b[2K');
    const piped = captureIo(false, {});
    new Progress(piped, 'Buying', 2).tick();
    assert.equal(piped.err(), '');
  });
});
