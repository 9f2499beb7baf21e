// Accounts and their API keys.
import type { Account, ApiKey } from '../../domain/account.ts';
import type { Page, PageRequest } from './common.ts';

export type ApiKeyPatch = Pick<ApiKey, 'friendlyName' | 'dateUpdated'>;

export interface AccountRepo {
  upsertAccount(account: Account): Promise<void>;
  getAccount(sid: string): Promise<Account | null>;
  createApiKey(key: ApiKey): Promise<void>;
  /** Any account's key (authentication maps a key to its account). */
  getApiKey(sid: string): Promise<ApiKey | null>;
  listApiKeys(accountSid: string, page: PageRequest): Promise<Page<ApiKey>>;
  /** Returns the updated key, null if the account has no such key. */
  updateApiKey(accountSid: string, sid: string, patch: ApiKeyPatch): Promise<ApiKey | null>;
  deleteApiKey(accountSid: string, sid: string): Promise<boolean>;
}
