// search-available-numbers: the sandbox's numbers for sale: the plan less masq's inventory, and the search use
// case over carrier accounts: which carrier sells each number, and 21452 for an empty area-code search.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { searchAvailableNumbers } from '../../src/app/search-available-numbers.ts';
import { AppError } from '../../src/domain/errors.ts';
import { parseNumberSearch } from '../../src/domain/numbering-plan/query.ts';
import { createCarrierAccounts } from '../../src/carriers/registry.ts';
import { createSandboxAccount, SandboxCarrier } from '../../src/carriers/sandbox/carrier.ts';
import { SandboxNetwork } from '../../src/carriers/sandbox/network.ts';
import { SandboxNumbers } from '../../src/carriers/sandbox/numbers.ts';

const query = (params: Record<string, string>) => parseNumberSearch(params, 'US', 'local');

describe('sandbox available numbers', () => {
  test('a number in masq\'s inventory is not offered; the next one in the plan takes its place', async () => {
    const free = new SandboxNumbers(async () => false);
    const before = (await free.search(query({ AreaCode: '415', PageSize: '5' }))).map((n) => n.e164);
    assert.equal(before.length, 5);
    const bought = new Set([before[0], before[2]]);
    const after = (await new SandboxNumbers(async (e164) => bought.has(e164)).search(query({ AreaCode: '415', PageSize: '5' }))).map((n) => n.e164);
    assert.equal(after.length, 5);
    assert.deepEqual(after.slice(0, 3), [before[1], before[3], before[4]]);
    assert.ok(after.every((e164) => !bought.has(e164)));
  });

  test('the sandbox account searches through its inventory owner lookup', async () => {
    const owned = new Set<string>();
    const carrier = new SandboxCarrier({
      network: new SandboxNetwork(), ids: { sid: () => 'SM0', token: () => 't' }, clock: { now: () => new Date(0) },
      ownerOf: async (e164) => (owned.has(e164) ? { accountSid: `AC${'1'.repeat(32)}`, carrier: 'sandbox' } : null),
    });
    const deps = { carriers: createCarrierAccounts([createSandboxAccount(carrier)]) };
    const [first] = await searchAvailableNumbers(deps, query({ AreaCode: '212', PageSize: '1' }));
    assert.equal(first?.carrier, 'sandbox');
    assert.equal(first.number.monthlyPrice, '1.15');
    owned.add(first.number.e164);
    const [next] = await searchAvailableNumbers(deps, query({ AreaCode: '212', PageSize: '1' }));
    assert.notEqual(next?.number.e164, first.number.e164);
  });

  test('an area-code search that finds nothing is 21452; any other empty search is an empty list', async () => {
    const deps = { carriers: createCarrierAccounts([createSandboxAccount(new SandboxCarrier({
      network: new SandboxNetwork(), ids: { sid: () => 'SM0', token: () => 't' }, clock: { now: () => new Date(0) }, ownerOf: async () => null,
    }))]) };
    await assert.rejects(searchAvailableNumbers(deps, query({ AreaCode: '415', InRegion: 'NY' })),
      (err: unknown) => err instanceof AppError && err.twilioCode === 21452 && err.status === 400);
    assert.deepEqual(await searchAvailableNumbers(deps, query({ InRegion: 'Atlantis' })), []);
  });
});
