// Flow documents as their authors write them: a good one reads into typed nodes with the defaults filled
// in; every bad field is refused with the JSON Pointer of exactly that field, and all of a document's
// problems come back at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProblem, type FlowProblem } from './flow-fields.ts';
import { readFlowDocument, readFlowValue } from './read-flow-document.ts';

type Json = Record<string, unknown>;

const doc = (nodes: Json, start: unknown = 'main'): Json => ({ version: 1, start, nodes });

const problems = (value: unknown): string[] => {
  const result = readFlowValue(value);
  assert.equal(result.kind, 'invalid', 'expected problems');
  return result.kind === 'invalid' ? result.problems.map(describeProblem) : [];
};

const ok = (value: unknown) => {
  const result = readFlowValue(value);
  assert.equal(result.kind, 'ok', result.kind === 'invalid' ? result.problems.map(describeProblem).join('\n') : '');
  if (result.kind !== 'ok') throw new Error('unreachable');
  return result.document;
};

const HANGUP = { type: 'hangup' };

test('a full flow reads, with defaults filled in', () => {
  const d = ok({
    version: 1,
    description: 'front desk',
    start: { voice: 'hours', message: 'texts' },
    nodes: {
      hours: {
        type: 'route',
        rules: [{ when: { time: { timezone: 'America/New_York', days: ['mon', 'fri'], from: '09:00', to: '17:00' } }, next: 'menu' }],
        otherwise: 'vm',
      },
      menu: { type: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales', '#': 'bye' } },
      sales: { type: 'forward', to: ['+14155550100', '+14155550101'] },
      bye: { type: 'say', text: 'Goodbye' },
      vm: { type: 'voicemail', email: ['ops@example.com'] },
      texts: { type: 'reply', text: 'Thanks', next: 'fwd' },
      fwd: { type: 'forward-message', to: '+14155550102' },
    },
  });
  assert.deepEqual(d.entries, { voice: 'hours', message: 'texts' });
  assert.deepEqual(d.nodes.get('sales'), {
    type: 'forward', to: ['+14155550100', '+14155550101'], strategy: 'sequential', timeout: 20, callerId: 'caller', record: false, next: null,
  });
  const menu = d.nodes.get('menu');
  assert.ok(menu?.type === 'menu');
  assert.deepEqual([menu.timeout, menu.retries, menu.invalid, menu.noInput, [...menu.options]], [5, 2, null, null, [['1', 'sales'], ['#', 'bye']]]);
  assert.deepEqual(d.nodes.get('vm'), {
    type: 'voicemail', greeting: { kind: 'say', text: 'Please leave a message after the tone.' }, maxLength: 120, webhook: null, email: ['ops@example.com'],
  });
});

test('a start string is the entry of calls, or of messages when it names a message action', () => {
  assert.deepEqual(ok(doc({ main: { type: 'route', rules: [], otherwise: 'end' }, end: HANGUP })).entries, { voice: 'main', message: null });
  assert.deepEqual(ok(doc({ main: { type: 'reply', text: 'hi' } })).entries, { voice: null, message: 'main' });
  assert.deepEqual(problems(doc({ main: { type: 'route', rules: [], otherwise: 'r' }, r: { type: 'reply', text: 'hi' } })), [
    '/nodes/r/type: a "reply" node cannot handle calls, and calls reach it from /start',
  ]);
});

test('each bad field is named by its pointer', () => {
  const cases: readonly [unknown, string][] = [
    [doc({ main: { type: 'menu', prompt: 'x', options: { 1: 'sales' } } }), '/nodes/main/options/1: unknown node "sales"'],
    [doc({ main: { type: 'menu', prompt: 'x', options: { 12: 'main' } } }), '/nodes/main/options/12: a menu key is one of 0-9, * and #'],
    [doc({ main: { type: 'menu', options: { 1: 'main' } } }), '/nodes/main/prompt: required'],
    [doc({ main: { type: 'forward', to: ['+14155550100', '4155550101'] } }), '/nodes/main/to/1: expected an E.164 number such as +14155550100, got "4155550101"'],
    [doc({ main: { type: 'forward', to: ['+14155550100'], timeout: 2 } }), '/nodes/main/timeout: expected 5 to 600, got 2'],
    [doc({ main: { type: 'forward', to: ['+14155550100'], strategy: 'random' } }), '/nodes/main/strategy: expected one of "sequential", "simultaneous", got "random"'],
    [doc({ main: { type: 'forward', to: [] } }), '/nodes/main/to: must not be empty'],
    [doc({ main: { type: 'sip', uri: 'pbx.example.com' } }), '/nodes/main/uri: expected a SIP URI such as sip:alice@pbx.example.com, got "pbx.example.com"'],
    [doc({ main: { type: 'say', text: 'hi', play: 'https://example.com/a.mp3' } }), '/nodes/main: give exactly one of "text" (spoken) and "play" (an audio URL)'],
    [doc({ main: { type: 'say', play: 'ftp://example.com/a.mp3' } }), '/nodes/main/play: expected an absolute http(s) URL, got "ftp://example.com/a.mp3"'],
    [doc({ main: { type: 'say', text: 'hi', nxt: 'main' } }), '/nodes/main/nxt: unknown field (expected "type", "description", "text", "play", "next")'],
    [doc({ main: { type: 'teleport' } }), '/nodes/main/type: unknown node type "teleport" (expected one of route, say, forward, sip, menu, voicemail, reject, hangup, webhook, forward-message, webhook-message, email-message, reply)'],
    [doc({ main: { type: 'voicemail', email: ['ops@example.com', 'not an address'] } }), '/nodes/main/email/1: expected an email address such as ops@example.com, got "not an address"'],
    [doc({ main: { type: 'reject', reason: 'later' } }), '/nodes/main/reason: expected one of "rejected", "busy", got "later"'],
    [doc({ main: { type: 'email-message', to: ['a@example.com'], subject: 'a\nBcc: x@example.com' } }, { message: 'main' }), '/nodes/main/subject: must be one line'],
    [doc({ 'a b': HANGUP }, 'a b'), '/nodes/a b: a node id is 1 to 64 letters, digits, "_" or "-"'],
    [doc({ main: HANGUP }, 'nowhere'), '/start: unknown node "nowhere"'],
    [doc({ main: HANGUP }, { voice: 'main', sms: 'main' }), '/start/sms: unknown field (expected "voice", "message")'],
    [doc({ main: HANGUP }, {}), '/start: give "voice", "message" or both'],
    [{ version: 2, start: 'main', nodes: { main: HANGUP } }, '/version: unsupported version 2 (expected 1)'],
    [{ start: 'main', nodes: { main: HANGUP } }, '/version: required'],
    [doc({}), '/nodes: expected 1 to 200 nodes, got 0'],
    [[], '/: expected a JSON object {version, start, nodes}, got an array'],
  ];
  for (const [value, expected] of cases) assert.deepEqual(problems(value), [expected], JSON.stringify(value));
});

test('conditions: each bad field of a rule is named', () => {
  const route = (when: unknown) => doc({ main: { type: 'route', rules: [{ when, next: 'end' }], otherwise: 'end' }, end: HANGUP });
  const at = '/nodes/main/rules/0/when';
  const cases: readonly [unknown, string][] = [
    [{ time: { timezone: 'Mars/Olympus' } }, `${at}/time/timezone: unknown time zone "Mars/Olympus" (expected an IANA name such as America/New_York)`],
    [{ time: { timezone: 'UTC', days: ['monday'] } }, `${at}/time/days/0: expected a day such as "mon" ("sun", "mon", "tue", "wed", "thu", "fri", "sat"), got "monday"`],
    [{ time: { timezone: 'UTC', from: '9:00', to: '17:00' } }, `${at}/time/from: expected "HH:MM" (24-hour), got "9:00"`],
    [{ time: { timezone: 'UTC', from: '09:00' } }, `${at}/time/to: required with "from" and "to" together (or neither, for the whole day)`],
    [{ time: { timezone: 'UTC', from: '09:00', to: '09:00' } }, `${at}/time/to: must differ from "from" (leave both out for the whole day)`],
    [{ caller: { country: ['USA'] } }, `${at}/caller/country/0: expected an ISO 3166-1 country code such as "US", got "USA"`],
    [{ caller: { prefix: ['1415'] } }, `${at}/caller/prefix/0: expected '+' and up to 15 digits, such as +1415, got "1415"`],
    [{ caller: {} }, `${at}/caller: give at least one of "in", "prefix", "country"`],
    [{ attestation: { in: ['D'] } }, `${at}/attestation/in/0: expected "A", "B", "C" or "none", got "D"`],
    [{}, `${at}: give at least one condition ("time", "caller", "attestation"); a rule that always matches is "otherwise"`],
    [{ weather: 'sunny' }, `${at}/weather: unknown field (expected "time", "caller", "attestation")`],
  ];
  for (const [when, expected] of cases) assert.ok(problems(route(when)).includes(expected), `${JSON.stringify(when)} -> ${problems(route(when)).join(' | ')}`);
  assert.deepEqual(problems(doc({ main: { type: 'route', rules: [{ next: 'main' }], otherwise: 'main' } })), ['/nodes/main/rules/0/when: required']);
});

test('channels: a node reached from an entry must serve that channel', () => {
  assert.deepEqual(problems(doc({ main: { type: 'route', rules: [], otherwise: 'r' }, r: { type: 'reply', text: 'hi' } })), [
    '/nodes/r/type: a "reply" node cannot handle calls, and calls reach it from /start',
  ]);
  assert.deepEqual(problems(doc({ main: { type: 'say', text: 'hi' } }, { message: 'main' })), [
    '/nodes/main/type: a "say" node cannot handle messages, and messages reach it from /start/message',
  ]);
});

test('loops: refused without a wait, allowed through a menu or a forward', () => {
  assert.deepEqual(problems(doc({ main: { type: 'route', rules: [], otherwise: 'hello' }, hello: { type: 'say', text: 'hi', next: 'main' } })), [
    '/nodes/hello/next: loop without a wait: main -> hello -> main (a loop must pass through a menu or a forward)',
  ]);
  assert.deepEqual(problems(doc({ main: { type: 'reply', text: 'a', next: 'main' } }, { message: 'main' })), [
    '/nodes/main/next: loop without a wait: main -> main (a loop must pass through a menu or a forward)',
  ]);
  ok(doc({ main: { type: 'menu', prompt: 'again?', options: { 1: 'again' }, invalid: 'main' }, again: { type: 'say', text: 'once more', next: 'main' } }));
  ok(doc({ main: { type: 'forward', to: ['+14155550100'], next: 'sorry' }, sorry: { type: 'say', text: 'busy, retrying', next: 'main' } }));
});

test('every problem of a document comes back at once', () => {
  const all: readonly FlowProblem[] = (() => {
    const r = readFlowValue(doc({ main: { type: 'menu', prompt: 'x', options: { 1: 'a', 2: 'b' } }, x: { type: 'forward', to: ['nope'] } }));
    return r.kind === 'invalid' ? r.problems : [];
  })();
  assert.deepEqual(all.map((p) => p.pointer).sort(), ['/nodes/main/options/1', '/nodes/main/options/2', '/nodes/x/to/0']);
});

test('text: not JSON, too large, pointers escape / and ~', () => {
  const notJson = readFlowDocument('{"version": 1,');
  assert.ok(notJson.kind === 'invalid' && notJson.problems[0]?.message.startsWith('not JSON: '));
  const big = readFlowDocument(JSON.stringify(doc({ main: { type: 'say', text: 'x'.repeat(70_000) } })));
  assert.ok(big.kind === 'invalid' && big.problems[0]?.message === 'the document is larger than 64 KiB');
  assert.deepEqual(problems(doc({ 'a/b~c': HANGUP })), ['/nodes/a~1b~0c: a node id is 1 to 64 letters, digits, "_" or "-"', '/start: unknown node "main"']);
});

test('"__proto__" is just a node id', () => {
  const d = ok(JSON.parse('{"version":1,"start":"__proto__","nodes":{"__proto__":{"type":"hangup"}}}'));
  assert.deepEqual(d.nodes.get('__proto__'), { type: 'hangup' });
});
