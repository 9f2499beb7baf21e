// A SIP account's settings as configuration reads them (defaults, checks that never quote the value), the
// declared numbers and what the account's NumbersPort answers from them, trusted peer ranges, how
// numbers written by trunks are read, and how a B-leg failure maps to the caller's answer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountsLoader } from '../../../test/support/carrier-settings.ts';
import { createSipAccount } from './account.ts';
import { parseDeclaredNumbers } from './declared-numbers.ts';
import { numberOf } from './identity.ts';
import { outcomeOf } from './outcomes.ts';
import { parsePeers, peerAllowed } from './peers.ts';
import { SIP_SETTINGS, sipConfigOf } from './settings.ts';

const loader = accountsLoader(SIP_SETTINGS);

describe('SIP settings', () => {
  test('defaults: 0.0.0.0:5060 on UDP and TCP, 127.0.0.1 as the public address, 60 s ring timeout, 15 s lease, no anchor', () => {
    const [account] = loader.load([{ type: 'sip', name: 'trunk' }]);
    assert.ok(account);
    const config = sipConfigOf(account);
    assert.deepEqual(
      [config.listenAddress, config.listenPort, config.transports, config.publicAddress, config.ringTimeoutSeconds, config.leaseMs, config.rtpengine, config.inbound, config.trunk, config.trunkTransport, config.numbers],
      ['0.0.0.0', 5060, ['udp', 'tcp'], '127.0.0.1', 60, 15000, null, null, null, 'udp', []],
    );
  });

  test('every setting read and typed', () => {
    const [account] = loader.load([{
      type: 'sip', name: 'trunk', listenAddress: '192.0.2.10', listenPort: '5070', transports: 'TCP', publicAddress: 'sip.example.invalid',
      allowedPeers: '203.0.113.0/24, 2001:db8::1', inboundRealm: 'masq', inboundUsername: 'carrier', inboundPassword: 's3cret',
      trunk: 'trunk.example.invalid:5080', trunkTransport: 'tcp', trunkUsername: 'me', trunkPassword: 'pw', numbers: '+442071230000,+442071230100-+442071230102',
      country: 'gb', ringTimeoutSeconds: '25', leaseMs: '5000', rtpengine: 'udp:127.0.0.1:22222',
    }]);
    assert.ok(account);
    const config = sipConfigOf(account);
    assert.equal(config.publicAddress, 'sip.example.invalid');
    assert.deepEqual(config.transports, ['tcp']);
    assert.deepEqual(config.inbound, { realm: 'masq', username: 'carrier', password: 's3cret' });
    assert.deepEqual(config.trunkCredentials, { username: 'me', password: 'pw' });
    assert.deepEqual(config.numbers, ['+442071230000', '+442071230100', '+442071230101', '+442071230102']);
    assert.deepEqual([config.country, config.ringTimeoutSeconds, config.leaseMs, config.rtpengine, config.trunkTransport], ['GB', 25, 5000, 'udp:127.0.0.1:22222', 'tcp']);
    assert.equal(config.allowedPeers.length, 2);
  });

  test('bad values are refused, naming the field but never the value', () => {
    const problems = loader.problemsOf([{
      type: 'sip', name: 'trunk', listenAddress: 'everywhere', listenPort: '70000', transports: 'sctp', allowedPeers: '10.0.0.0/99',
      trunk: 'a b', trunkTransport: 'tls', numbers: '+442071230199-+442071230100', country: 'Britain', ringTimeoutSeconds: '0', rtpengine: 'tcp:host:1',
    }]);
    const text = problems.join('\n');
    for (const field of ['listenAddress', 'listenPort', 'transports', 'allowedPeers', 'trunk', 'trunkTransport', 'numbers', 'country', 'ringTimeoutSeconds', 'rtpengine']) {
      assert.match(text, new RegExp(field), `${field} is reported`);
    }
    for (const value of ['everywhere', 'sctp', 'Britain', 'tcp:host:1']) assert.ok(!text.includes(value), `${value} is not quoted`);
  });

  test('trunkTimeoutSeconds: 32 s (Timer B) by default, from 1 to 32', () => {
    const [byDefault, shorter] = loader.load([{ type: 'sip', name: 'a' }, { type: 'sip', name: 'b', trunkTimeoutSeconds: '5' }]);
    assert.ok(byDefault && shorter);
    assert.deepEqual([sipConfigOf(byDefault).trunkTimeoutSeconds, sipConfigOf(shorter).trunkTimeoutSeconds], [32, 5]);
    for (const bad of ['0', '33', 'soon']) {
      assert.match(loader.problemsOf([{ type: 'sip', name: 'c', trunkTimeoutSeconds: bad }]).join('\n'), /trunkTimeoutSeconds.*from 1 to 32/);
    }
  });

  test('maxCallSeconds: 4 hours by default, 0 for no limit; maxCallsInSetup: 200 by default, at least 1', () => {
    const [byDefault, tuned] = loader.load([{ type: 'sip', name: 'a' }, { type: 'sip', name: 'b', maxCallSeconds: '0', maxCallsInSetup: '5' }]);
    assert.ok(byDefault && tuned);
    assert.deepEqual([sipConfigOf(byDefault).maxCallSeconds, sipConfigOf(byDefault).maxCallsInSetup], [14_400, 200]);
    assert.deepEqual([sipConfigOf(tuned).maxCallSeconds, sipConfigOf(tuned).maxCallsInSetup], [0, 5]);
    assert.match(loader.problemsOf([{ type: 'sip', name: 'c', maxCallSeconds: '-1' }]).join('\n'), /maxCallSeconds.*from 0 to 604800/);
    assert.match(loader.problemsOf([{ type: 'sip', name: 'd', maxCallsInSetup: '0' }]).join('\n'), /maxCallsInSetup.*from 1 to 100000/);
  });
});

describe('SIP declared numbers', () => {
  test('numbers and ranges, in order, without repeats; too many or reversed ranges refused', () => {
    assert.deepEqual(parseDeclaredNumbers('+14155550100, +14155550101-+14155550103,+14155550100'), ['+14155550100', '+14155550101', '+14155550102', '+14155550103']);
    assert.throws(() => parseDeclaredNumbers('+14155550103-+14155550101'), /end is before its start/);
    assert.throws(() => parseDeclaredNumbers('+10000000000-+19999999999'), /more than/);
    assert.throws(() => parseDeclaredNumbers('4155550100'), /E\.164/);
  });

  test('the NumbersPort: search finds declared numbers, order completes only declared ones, listOwned pages them, release is a no-op', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `+1415555${String(1000 + i)}`);
    const port = createSipAccount(sipConfigOf({ type: 'sip', name: 't', settings: { numbers: `${many[0]}-${many.at(-1)}` } }), { anchor: null }).numbers;
    assert.ok(port);
    assert.deepEqual(port.countries(), [{ isoCountry: 'US', types: ['local'] }]);
    const found = await port.search({ isoCountry: 'US', type: 'local', areaCode: '415', contains: null, region: null, postalCode: null, locality: null, rateCenter: null, lata: null, near: null, nearNumber: null, capabilities: {}, excludeAddressRequired: { all: false, local: false, foreign: false }, includeBeta: true, limit: 3 });
    assert.deepEqual(found.map((n) => [n.e164, n.capabilities.voice, n.capabilities.sms]), [[many[0], true, false], [many[1], true, false], [many[2], true, false]]);
    assert.deepEqual(await port.order({ e164: many[5] ?? '', idempotencyKey: 'k' }), { state: 'complete', number: { e164: many[5], carrierRef: many[5], type: null, capabilities: { voice: true, sms: false, mms: false, fax: false }, friendlyName: null, monthlyPrice: null } });
    const refused = await port.order({ e164: '+14155559999', idempotencyKey: 'k' });
    assert.equal(refused.state, 'failed');
    assert.ok(refused.state === 'failed' && refused.unavailable);
    const first = await port.listOwned(null);
    const second = await port.listOwned(first.next);
    assert.deepEqual([first.numbers.length, second.numbers.length, second.next], [100, 50, null]);
    assert.deepEqual([...first.numbers, ...second.numbers].map((n) => n.e164), many);
    await port.release({ e164: many[0] ?? '', carrierRef: many[0] ?? '' });
  });
});

describe('SIP peers, numbers and outcomes', () => {
  test('allowed peers match addresses and CIDR ranges, IPv4-mapped IPv6 included', () => {
    const peers = parsePeers('127.0.0.2, 10.1.0.0/16, 2001:db8::/32');
    assert.equal(peerAllowed(peers, '127.0.0.2'), true);
    assert.equal(peerAllowed(peers, '::ffff:10.1.200.3'), true);
    assert.equal(peerAllowed(peers, '2001:db8::5'), true);
    assert.equal(peerAllowed(peers, '127.0.0.3'), false);
    assert.equal(peerAllowed([], '127.0.0.2'), false);
  });

  test('numbers as trunks write them', () => {
    assert.equal(numberOf('+442071230000', null), '+442071230000');
    assert.equal(numberOf('442071230000', null), '+442071230000');
    assert.equal(numberOf('02071230000', 'GB'), '+442071230000');
    assert.equal(numberOf('004420 7123 0000', null), '+442071230000');
    assert.equal(numberOf('14155550100', 'US'), '+14155550100');
    assert.equal(numberOf('4155550100', 'US'), '+14155550100');
    assert.equal(numberOf('+5215512345678', null), '+525512345678');
    assert.equal(numberOf('alice', 'US'), null);
  });

  test('B-leg failures as the caller hears them and as masq records them', () => {
    const table = [486, 600, 603, 403, 408, 480, 487, 404, 484, 410, 604, 488, 500, 503, 502, 420].map((s) => [s, outcomeOf(s).status, outcomeOf(s).callStatus]);
    assert.deepEqual(table, [
      [486, 486, 'busy'], [600, 486, 'busy'], [603, 603, 'busy'], [403, 603, 'busy'], [408, 480, 'no-answer'], [480, 480, 'no-answer'], [487, 480, 'no-answer'],
      [404, 404, 'failed'], [484, 404, 'failed'], [410, 404, 'failed'], [604, 404, 'failed'], [488, 488, 'failed'], [500, 503, 'failed'], [503, 503, 'failed'], [502, 503, 'failed'], [420, 503, 'failed'],
    ]);
  });
});
