// import-owned-numbers (POST /masq/v1/Numbers/Import, `masq numbers import`): a carrier account's own
// numbers come into the caller's inventory page by page, as active imported records, pointed at masq only
// when asked; numbers masq holds already are skipped with the reason; on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { importOwnedNumbers } from '../../src/app/import-owned-numbers.ts';
import { addPoolNumber } from '../../src/app/add-pool-number.ts';
import { DEFAULT_CALLBACK_SETTINGS, type AppDeps } from '../../src/app/deps.ts';
import { createCarrierAccounts } from '../../src/carriers/registry.ts';
import type { Account } from '../../src/domain/account.ts';
import { AppError, invalidParameter } from '../../src/domain/errors.ts';
import { createSidGenerator } from '../../src/domain/sid.ts';
import { CarrierSendError, type CarrierAccount, type NumbersPort, type OwnedNumber, type OwnedPage } from '../../src/ports/carrier.ts';
import type { Store } from '../../src/ports/store.ts';
import { TestClock } from '../support/app-deps.ts';
import { aService, anAccount, usNumber } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const CAPS = { voice: true, sms: true, mms: false, fax: false };

const owned = (e164: string, o: Partial<OwnedNumber> = {}): OwnedNumber => ({
  e164, carrierRef: `PN${randomBytes(16).toString('hex')}`, type: 'local', capabilities: CAPS, friendlyName: null, monthlyPrice: '1.15', ...o,
});

/** A carrier account's numbers: pages by cursor ('p2', 'p3'...), and which numbers it was asked to point at masq. */
class FakeNumbers implements NumbersPort {
  readonly pointed: string[] = [];
  refusePointing = new Set<string>();
  listFails = false;
  constructor(readonly pages: readonly (readonly OwnedNumber[])[]) {}
  countries() { return []; }
  search(): Promise<never> { return Promise.reject(new Error('not used')); }
  order(): Promise<never> { return Promise.reject(new Error('not used')); }
  getOrder(): Promise<never> { return Promise.reject(new Error('not used')); }
  async release(): Promise<void> {}
  async pointAtMasq(carrierRef: string): Promise<void> {
    if (this.refusePointing.has(carrierRef)) throw new CarrierSendError('Twilio refused to point it: 20404 not found', true);
    this.pointed.push(carrierRef);
  }
  async listOwned(cursor: string | null): Promise<OwnedPage> {
    if (this.listFails) throw new CarrierSendError('Twilio answered 503', true);
    const index = cursor === null ? 0 : Number(/^p(\d+)$/.exec(cursor)?.[1] ?? NaN) - 1;
    const numbers = this.pages[index];
    // As the Twilio adapter does for a cursor that is not a page of this account's list.
    if (numbers === undefined) throw invalidParameter('cursor', 'Expected a next page of /IncomingPhoneNumbers of this account.');
    return { numbers, next: index + 1 < this.pages.length ? `p${index + 2}` : null };
  }
}

const carrierAccount = (name: string, numbers: NumbersPort | null): CarrierAccount => ({
  name, type: 'twilio', delivery: { message: 'in-reply', voice: 'in-reply' },
  defaultCapabilities: () => ({ voice: true, sms: true, mms: false }),
  messaging: { send: () => Promise.reject(new Error('not used')) }, voice: null, webhooks: null, numbers,
});

const depsWith = (store: Store, numbers: FakeNumbers): Pick<AppDeps, 'store' | 'clock' | 'ids' | 'carriers' | 'settings'> => ({
  store,
  settings: { defaultCarrier: 'twilio', defaultPoolLimit: null, callbacks: DEFAULT_CALLBACK_SETTINGS },
  clock: new TestClock(),
  ids: { sid: createSidGenerator((n) => randomBytes(n)), token: () => randomBytes(16).toString('hex') },
  carriers: createCarrierAccounts([carrierAccount('twilio', numbers), carrierAccount('plain', null)]),
});

const code = (twilioCode: number, status: number) => (err: unknown): boolean =>
  err instanceof AppError && err.twilioCode === twilioCode && err.status === status;

for (const s of STORES) {
  describe(`${s.name}: importing the numbers a carrier account holds`, () => {
    let store: Store;
    let operator: Account;
    before(async () => {
      store = await s.open();
      operator = anAccount();
      await store.upsertAccount(operator);
    });
    after(async () => { await store.close(); });

    test('every page comes in as active imported records of that carrier; webhooks untouched unless asked', async () => {
      const [a, b, c] = [usNumber(), usNumber('212'), owned('+442071838750', { type: 'national', friendlyName: 'London office' })];
      const fake = new FakeNumbers([[owned(a), owned(b)], [c]]);
      const deps = depsWith(store, fake);
      const first = await importOwnedNumbers(deps, operator, { carrier: 'twilio', pageToken: null, pointAtMasq: false });
      assert.deepEqual(first.imported.map((n) => n.phoneNumber), [a, b]);
      assert.deepEqual(first.skipped, []);
      assert.equal(first.nextPageToken, 'p2');
      const second = await importOwnedNumbers(deps, operator, { carrier: 'twilio', pageToken: first.nextPageToken, pointAtMasq: false });
      assert.deepEqual(second.imported.map((n) => n.phoneNumber), [c.e164]);
      assert.equal(second.nextPageToken, null);
      assert.deepEqual(fake.pointed, [], 'nothing was pointed at masq');

      const record = await store.findInventoryNumber(operator.sid, first.imported[0]?.sid ?? '');
      assert.ok(record);
      assert.equal(record.state, 'active');
      assert.equal(record.origin, 'imported');
      assert.equal(record.carrier, 'twilio');
      assert.equal(record.carrierRef, fake.pages[0]?.[0]?.carrierRef);
      assert.match(record.friendlyName, /^\(415\) \d{3}-\d{4}$/, "Twilio's default friendly name when the carrier gives none");
      assert.equal(record.place.region, 'CA');
      // It joins a Proxy Service by its sid, as a bought number does.
      const service = aService(operator);
      await store.createService(service);
      const { number: pooled } = await addPoolNumber({ ...deps, settings: { defaultCarrier: 'twilio', defaultPoolLimit: null, callbacks: DEFAULT_CALLBACK_SETTINGS } }, service, { sid: record.sid });
      assert.deepEqual([pooled.sid, pooled.phoneNumber, pooled.serviceSid], [record.sid, a, service.sid]);
      const london = await store.findLiveNumber(c.e164);
      assert.equal(london?.friendlyName, 'London office');
      assert.equal(london?.place.isoCountry, 'GB');
      assert.equal(london?.type, 'national');
    });

    test('numbers masq holds already are skipped with the reason; another account is not named', async () => {
      const mine = usNumber();
      const theirs = usNumber();
      const other = anAccount();
      await store.upsertAccount(other);
      await importOwnedNumbers(depsWith(store, new FakeNumbers([[owned(mine)]])), operator, { carrier: 'twilio', pageToken: null, pointAtMasq: false });
      await importOwnedNumbers(depsWith(store, new FakeNumbers([[owned(theirs)]])), other, { carrier: 'twilio', pageToken: null, pointAtMasq: false });

      const fresh = usNumber();
      const fake = new FakeNumbers([[owned(mine), owned(theirs), owned('24680', { type: 'short-code' }), owned(fresh)]]);
      const page = await importOwnedNumbers(depsWith(store, fake), operator, { carrier: 'twilio', pageToken: null, pointAtMasq: true });
      assert.deepEqual(page.imported.map((n) => n.phoneNumber), [fresh]);
      const reasons = new Map(page.skipped.map((n) => [n.phoneNumber, n.reason]));
      assert.match(reasons.get(mine) ?? '', /^already in your inventory as PN[0-9a-f]{32} \(active\)$/);
      assert.equal(reasons.get(theirs), 'already held in masq by another account');
      assert.match(reasons.get('24680') ?? '', /short codes/);
      assert.equal(page.skipped.length, 3);
      assert.deepEqual(fake.pointed, [fake.pages[0]?.[3]?.carrierRef], 'only the imported number was pointed at masq');
    });

    test('a number the carrier would not point at masq is skipped, not imported half-done', async () => {
      const [ok, refused] = [owned(usNumber()), owned(usNumber())];
      const fake = new FakeNumbers([[ok, refused]]);
      fake.refusePointing.add(refused.carrierRef);
      const page = await importOwnedNumbers(depsWith(store, fake), operator, { carrier: 'twilio', pageToken: null, pointAtMasq: true });
      assert.deepEqual(page.imported.map((n) => n.phoneNumber), [ok.e164]);
      assert.match(page.skipped[0]?.reason ?? '', /did not point it at masq: Twilio refused/);
      assert.equal(await store.findLiveNumber(refused.e164), null);
    });

    test("refusals: a bad PageToken (21481), a carrier that cannot list (80701), a subaccount (403), the carrier down (502)", async () => {
      const fake = new FakeNumbers([[owned(usNumber())]]);
      const deps = depsWith(store, fake);
      await assert.rejects(importOwnedNumbers(deps, operator, { carrier: 'twilio', pageToken: 'p9', pointAtMasq: false }), code(21481, 400));
      await assert.rejects(importOwnedNumbers(deps, operator, { carrier: 'plain', pageToken: null, pointAtMasq: false }), code(80701, 400));
      await assert.rejects(importOwnedNumbers(deps, operator, { carrier: 'nope', pageToken: null, pointAtMasq: false }), code(80701, 400));
      const sub = anAccount({ ownerAccountSid: operator.sid });
      await assert.rejects(importOwnedNumbers(deps, sub, { carrier: 'twilio', pageToken: null, pointAtMasq: false }), code(80610, 403));
      fake.listFails = true;
      await assert.rejects(importOwnedNumbers(deps, operator, { carrier: 'twilio', pageToken: null, pointAtMasq: false }),
        (err: unknown) => code(80613, 502)(err) && err instanceof Error && /could not list its numbers: Twilio answered 503/.test(err.message));
    });
  });
}
