// The carrier accounts configured in this process, by name.
import { invalidParameter } from '../domain/errors.ts';
import type { CarrierAccount, CarrierAccounts } from '../ports/carrier.ts';

export const createCarrierAccounts = (accounts: readonly CarrierAccount[]): CarrierAccounts => {
  const byName = new Map(accounts.map((a) => [a.name, a]));
  return {
    get(name) {
      const account = byName.get(name);
      if (!account) throw invalidParameter('Carrier', `No carrier named '${name}' is configured (configured: ${[...byName.keys()].join(', ')}).`);
      return account;
    },
    find: (name) => byName.get(name) ?? null,
    names: () => [...byName.keys()],
  };
};
