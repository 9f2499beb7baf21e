// Store-level set-up shared by storage suites: an account with a service, a pool of numbers.
import type { Account } from '../../src/domain/account.ts';
import type { PoolNumber } from '../../src/domain/pool-number.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Store } from '../../src/ports/store.ts';
import { inventoryRecord } from '../../src/app/inventory-records.ts';
import { aPoolNumber, aService, anAccount } from './fixtures.ts';
import type { TestStore } from './stores.ts';

/** A pool number as masq makes one: its inventory record (active, same sid) and its pool record. */
export const storeNumber = async (store: Pick<Store, 'createInventoryNumber' | 'createNumber'>, n: PoolNumber): Promise<void> => {
  await store.createInventoryNumber(inventoryRecord({
    sid: n.sid, accountSid: n.accountSid, e164: n.phoneNumber, state: 'active', origin: 'added', carrier: n.carrier, carrierRef: n.phoneNumber,
    type: null, place: null, capabilities: { ...n.capabilities, fax: false }, monthlyCost: null, friendlyName: n.friendlyName, now: n.dateCreated,
  }));
  await store.createNumber(n);
};

/** A fresh store (on `s`'s database) holding one account: the set-up of most storage suites' tests. */
export const openWithAccount = async (s: Pick<TestStore, 'open'>): Promise<{ store: Store; accountSid: string }> => {
  const store = await s.open();
  const account = anAccount();
  await store.upsertAccount(account);
  return { store, accountSid: account.sid };
};

export const givenService = async (store: Store, o: Partial<Service> = {}): Promise<{ account: Account; service: Service }> => {
  const account = anAccount();
  await store.upsertAccount(account);
  const service = aService(account, o);
  await store.createService(service);
  return { account, service };
};

/** `count` numbers in the service's pool; `each(i)` customises number i. */
export const givenPool = async (
  store: Store,
  service: Service,
  count: number,
  each: (i: number) => Partial<PoolNumber> = () => ({}),
): Promise<PoolNumber[]> => {
  const numbers: PoolNumber[] = [];
  for (let i = 0; i < count; i++) {
    const n = aPoolNumber(service, each(i));
    await storeNumber(store, n);
    numbers.push(n);
  }
  return numbers;
};
