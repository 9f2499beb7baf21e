import { defaultConfig } from '../../src/config/load-config.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWalkthrough, renderTable } from '../../src/cli/demo-walkthrough.ts';
import { createRuntime } from '../../src/runtime.ts';

test("masq demo replays Twilio's walkthrough: X gets a second number, the UK customer a GB one", async () => {
  const runtime = await createRuntime(
    defaultConfig({ databaseUrl: 'sqlite::memory:' }),
    { sweepIntervalMs: 0 },
  );
  try {
    const rows = await runWalkthrough(runtime.deps, runtime.account.account.sid);
    const proxyOf = (session: string, participant: string) =>
      rows.find((r) => r.session === session && r.participant === participant)?.proxyNumber;
    assert.equal(proxyOf('Delivery 1', 'Customer A'), proxyOf('Delivery 1', 'Driver X'), 'one number serves both sides');
    assert.notEqual(proxyOf('Delivery 3', 'Driver X'), proxyOf('Delivery 1', 'Driver X'), 'X must get a second number');
    assert.match(proxyOf('Delivery 4', 'Customer D (UK)') ?? '', /^\+44/);
    assert.match(proxyOf('Delivery 4', 'Driver Z') ?? '', /^\+1/);
    const x3 = rows.find((r) => r.session === 'Delivery 3' && r.participant === 'Driver X');
    assert.match(x3?.reason ?? '', /another active session|already/i, 'the reason says why the first number was passed over');
    const table = renderTable(rows, 140);
    assert.match(table, /Why the allocator chose it/);
    assert.equal(rows.length, 8);
  } finally {
    await runtime.close();
  }
});
