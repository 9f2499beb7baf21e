// GET /2010-04-01/Accounts/{AC}/Keys/{SK}.json: within the caller's account only, so another account's
// key reads exactly like a missing one.
import type { ApiKey } from '../domain/account.ts';
import { notFound } from '../domain/errors.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export const apiKeyNotFound = (accountSid: string, sid: string) => notFound(`/2010-04-01/Accounts/${accountSid}/Keys/${sid}.json`);

export const fetchApiKey = async (deps: DepsWith<AccountRepo>, accountSid: string, sid: string): Promise<ApiKey> => {
  const key = await deps.store.getApiKey(sid);
  if (!key || key.accountSid !== accountSid) throw apiKeyNotFound(accountSid, sid);
  return key;
};
