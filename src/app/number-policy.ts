// An account's number policy as stored (docs/numbers.md): the fields it set, over the defaults.
import { numberPolicyOf } from '../domain/number-policy.ts';
import type { NumberPolicy } from '../domain/number-lifecycle.ts';
import type { InventoryRepo } from '../ports/store.ts';

const fieldsOf = (text: string): Readonly<Record<string, unknown>> => {
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
};

export const loadNumberPolicy = async (repo: Pick<InventoryRepo, 'getNumberPolicy'>, accountSid: string): Promise<NumberPolicy> => {
  const stored = await repo.getNumberPolicy(accountSid);
  return numberPolicyOf(stored === null ? {} : fieldsOf(stored));
};
