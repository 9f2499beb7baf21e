// Accounts (top-level and subaccounts) and their API keys.
import type { Account, AccountStatus, ApiKey, TopLevelAccount } from '../../domain/account.ts';
import type { Page, PageRequest } from './common.ts';

export type ApiKeyPatch = Pick<ApiKey, 'friendlyName' | 'dateUpdated'>;

export interface AccountPatch {
  readonly friendlyName?: string | undefined;
  readonly status?: AccountStatus | undefined;
  readonly dateUpdated: Date;
}

export interface AccountFilter {
  /** Exact match, as Twilio's FriendlyName filter. */
  readonly friendlyName?: string | undefined;
  readonly status?: AccountStatus | undefined;
}

export interface AccountRepo {
  /**
   * Creates or re-provisions a top-level account (name and token). A new one is active; an existing one
   * keeps its status and owner.
   */
  upsertAccount(account: TopLevelAccount): Promise<void>;
  /** A new subaccount, as given (its SID is new). */
  createAccount(account: Account): Promise<void>;
  getAccount(sid: string): Promise<Account | null>;
  /** `ownerSid`'s own account and the subaccounts it owns, in (date_created, sid) order. */
  listAccountFamily(ownerSid: string, filter: AccountFilter, page: PageRequest): Promise<Page<Account>>;
  /**
   * Applies the patch unless the account is closed (closed is final, whatever a concurrent request read);
   * returns the account as it now is, null when it does not exist or is closed.
   */
  updateAccount(sid: string, patch: AccountPatch): Promise<Account | null>;
  createApiKey(key: ApiKey): Promise<void>;
  /** Any account's key (authentication maps a key to its account). */
  getApiKey(sid: string): Promise<ApiKey | null>;
  listApiKeys(accountSid: string, page: PageRequest): Promise<Page<ApiKey>>;
  /** Returns the updated key, null if the account has no such key. */
  updateApiKey(accountSid: string, sid: string, patch: ApiKeyPatch): Promise<ApiKey | null>;
  deleteApiKey(accountSid: string, sid: string): Promise<boolean>;
}
