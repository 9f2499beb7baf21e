// Buying a number (app/buy-number.ts) on SQLite and PostgreSQL: eight buyers racing for one number leave
// exactly one holder (the rest get 21422); a synchronous carrier's number is active with the plan's place at
// once; a carrier that refuses leaves a `failed` record in the history and the number free to buy again; an
// order that was recorded but never placed (masq died in between) is placed by the job worker with the
// record's sid as its idempotency key.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { buyNumber, type BuyNumberInput } from '../../src/app/buy-number.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { inventoryRecord } from '../../src/app/inventory-records.ts';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { numberOrderJob } from '../../src/app/number-order-job.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { SandboxNumbers } from '../../src/carriers/sandbox/numbers.ts';
import { AppError } from '../../src/domain/errors.ts';
import { searchPlan } from '../../src/domain/numbering-plan/plan.ts';
import { parseNumberSearch } from '../../src/domain/numbering-plan/query.ts';
import type { NumberOrder, NumbersPort, OrderState } from '../../src/ports/carrier.ts';
import type { Store } from '../../src/ports/store.ts';
import { TestClock, testDeps } from '../support/app-deps.ts';
import { anAccount } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const BUY: BuyNumberInput = { phoneNumber: null, areaCode: null, type: null, carrier: null, friendlyName: null, config: {} };

/** The sandbox's own numbers port, refusing or recording orders when a test says so. */
class ScriptedSandbox extends SandboxNumbers {
  refuse = false;
  readonly orders: NumberOrder[] = [];
  override async order(request: NumberOrder): Promise<OrderState> {
    this.orders.push(request);
    if (this.refuse) return { state: 'failed', reason: 'the carrier has no such number', unavailable: true };
    return super.order(request);
  }
}

const withNumbers = (deps: AppDeps, numbers: NumbersPort): AppDeps => {
  const sandbox = { ...deps.carriers.get('sandbox'), numbers };
  return { ...deps, carriers: { ...deps.carriers, get: () => sandbox, find: () => sandbox } };
};

const firstOffer = (areaCode: string, skip = 0): string => {
  const found = searchPlan(parseNumberSearch({ AreaCode: areaCode, PageSize: '50' }, 'US', 'local'));
  for (let i = 0; i < skip; i++) found.next();
  const next = found.next();
  assert.ok(!next.done);
  return next.value.e164;
};

const is21422 = (err: unknown): boolean => err instanceof AppError && err.twilioCode === 21422;

for (const s of STORES) {
  describe(`${s.name}: buying a number`, () => {
    let store: Store;
    let deps: AppDeps;
    let clock: TestClock;
    let numbers: ScriptedSandbox;
    let accountSid: string;
    beforeEach(async () => {
      store = await s.open();
      numbers = new ScriptedSandbox(async (e164) => (await store.findLiveNumber(e164)) !== null);
      clock = new TestClock();
      deps = withNumbers(testDeps(store, clock), numbers);
      const account = anAccount();
      await store.upsertAccount(account);
      accountSid = account.sid;
    });
    afterEach(() => store.close());

    test('eight buyers racing for one number: one holds it, seven get 21422', async () => {
      const e164 = firstOffer('415');
      const others = await Promise.all(Array.from({ length: 7 }, async () => {
        const account = anAccount();
        await store.upsertAccount(account);
        return account.sid;
      }));
      const results = await Promise.allSettled([accountSid, ...others].map((sid) => buyNumber(deps, sid, { ...BUY, phoneNumber: e164 })));
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(is21422(r.reason), String(r.reason));
      assert.equal((await store.findLiveNumber(e164))?.state, 'active');
      assert.equal(numbers.orders.length, 1, 'the carrier was asked once');
    });

    test("a synchronous carrier's number is active at once, with the plan's place, type and price", async () => {
      const bought = await buyNumber(deps, accountSid, { ...BUY, areaCode: '212', friendlyName: 'Desk', config: { smsUrl: 'http://127.0.0.1:9/sms' } });
      assert.match(bought.phoneNumber, /^\+1212/);
      assert.deepEqual([bought.state, bought.type, bought.origin, bought.carrier, bought.friendlyName, bought.config.smsUrl], ['active', 'local', 'purchased', 'sandbox', 'Desk', 'http://127.0.0.1:9/sms']);
      assert.equal(bought.place.region, 'NY');
      assert.ok(bought.place.rateCenter !== null && bought.monthlyCost !== null);
      assert.deepEqual(numbers.orders.map((o) => o.idempotencyKey), [bought.sid]);
    });

    test('a number bought through an account that carries SMS only (as an SMPP account) can do SMS only, whatever the carrier offered', async () => {
      const sandbox = deps.carriers.get('sandbox');
      const smsOnly = { ...sandbox, defaultCapabilities: () => ({ voice: false, sms: true, mms: false }) };
      const through = { ...deps, carriers: { ...deps.carriers, get: () => smsOnly, find: () => smsOnly } };
      const bought = await buyNumber(through, accountSid, { ...BUY, areaCode: '646' });
      assert.equal(bought.state, 'active');
      assert.deepEqual(bought.capabilities, { voice: false, sms: true, mms: false, fax: false });
    });

    test('a carrier that refuses: 21422, a failed record kept as history, the number free to buy again', async () => {
      const e164 = firstOffer('312');
      numbers.refuse = true;
      await assert.rejects(buyNumber(deps, accountSid, { ...BUY, phoneNumber: e164 }), is21422);
      assert.equal(await store.findLiveNumber(e164), null);
      numbers.refuse = false;
      clock.advance(60);
      const bought = await buyNumber(deps, accountSid, { ...BUY, phoneNumber: e164 });
      assert.equal(bought.state, 'active');
      assert.deepEqual((await store.numberHistory(accountSid, e164)).map((n) => n.state), ['active', 'failed']);
    });

    test('an order recorded but never placed (masq died) is placed by the job worker, keyed by the record', async () => {
      const e164 = firstOffer('617', 3);
      const now = deps.clock.now();
      const record = inventoryRecord({
        sid: deps.ids.sid('phoneNumber'), accountSid, e164, state: 'provisioning', origin: 'purchased', carrier: 'sandbox', carrierRef: null,
        type: 'local', place: null, capabilities: { voice: true, sms: true, mms: false, fax: false }, monthlyCost: null, friendlyName: null, now,
      });
      await store.transaction(async (tx) => {
        await tx.createInventoryNumber(record);
        await tx.enqueueJob(numberOrderJob(record, now));
      });
      const pass = await runDueJobs(deps, JOB_HANDLERS);
      assert.equal(pass.done, 1);
      assert.deepEqual(numbers.orders.map((o) => o.idempotencyKey), [record.sid]);
      const after = await store.findInventoryNumber(accountSid, record.sid);
      assert.deepEqual([after?.state, after?.carrierRef, after?.place.locality !== null], ['active', e164, true]);
    });

    test('bad requests: both or neither of PhoneNumber and AreaCode, AreaCode on a typed resource, not a number', async () => {
      await assert.rejects(buyNumber(deps, accountSid, BUY), (err: unknown) => err instanceof AppError && err.code === 'parameter-invalid');
      await assert.rejects(buyNumber(deps, accountSid, { ...BUY, phoneNumber: '+14155550100', areaCode: '415' }), (err: unknown) => err instanceof AppError && err.code === 'parameter-invalid');
      await assert.rejects(buyNumber(deps, accountSid, { ...BUY, areaCode: '415', type: 'local' }), (err: unknown) => err instanceof AppError && err.twilioCode === 21457);
      await assert.rejects(buyNumber(deps, accountSid, { ...BUY, phoneNumber: 'nope' }), (err: unknown) => err instanceof AppError && err.twilioCode === 21421);
    });
  });
}
