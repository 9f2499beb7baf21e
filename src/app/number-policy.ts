// An account's number policy as stored (docs/numbers.md): the fields it set, over the defaults.
import { numberPolicyOf } from '../domain/number-policy.ts';
import type { NumberPolicy } from '../domain/number-lifecycle.ts';
import type { InventoryRepo } from '../ports/store.ts';

/** The fields an account set, as stored (JSON text); none when it never set any. */
export const storedPolicyFields = (text: string | null): Readonly<Record<string, unknown>> => {
  if (text === null) return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
};

export const loadNumberPolicy = async (repo: Pick<InventoryRepo, 'getNumberPolicy'>, accountSid: string): Promise<NumberPolicy> => {
  return numberPolicyOf(storedPolicyFields(await repo.getNumberPolicy(accountSid)));
};
