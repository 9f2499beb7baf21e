// The composition root's list of carrier types: what configuration accepts as an account's `type`, and
// what the runtime builds accounts with. One list, so the two cannot disagree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/config/load-config.ts';
import { CARRIER_SETTINGS, CARRIER_TYPES, createRuntime } from '../../src/runtime.ts';

test('each carrier type is listed once, under the name accounts give as their type', () => {
  const types = CARRIER_SETTINGS.map((spec) => spec.type);
  assert.deepEqual(types, ['twilio', 'signalwire', 'telnyx', 'smpp', 'sip']);
  assert.deepEqual(CARRIER_TYPES.map((carrierType) => carrierType.settings), CARRIER_SETTINGS);
});

test('an account of a type masq does not know (built by hand, past configuration) is refused at start, by name', async () => {
  const config = defaultConfig({ databaseUrl: 'sqlite::memory:', carrierAccounts: [{ type: 'bandwidth', name: 'bw', settings: {} }] });
  await assert.rejects(
    createRuntime(config, { sweepIntervalMs: 0, jobIntervalMs: 0 }),
    /Carrier account 'bw' is of type 'bandwidth', which masq does not know \(known: twilio, signalwire, telnyx, smpp, sip\)/,
  );
});
