// At start, make sure the account masq serves exists: the configured one (created, or its token
// updated), or, with nothing configured, development credentials created once and kept in the
// database so they survive restarts.
import { createHash } from 'node:crypto';
import type { Account } from '../domain/account.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface Credentials {
  readonly accountSid: string;
  readonly authToken: string;
}

export interface BootstrapResult {
  readonly account: Account;
  /** 'configured': from MASQ_ACCOUNT_SID/MASQ_AUTH_TOKEN; 'dev': the development account. */
  readonly kind: 'configured' | 'dev';
  /** True when this start created the account. */
  readonly created: boolean;
}

/** A fixed SID, so a restart finds the dev account it created before instead of minting another. */
export const DEV_ACCOUNT_SID = `AC${createHash('sha256').update('masq development account').digest('hex').slice(0, 32)}`;

export const bootstrapAccount = async (deps: DepsWith<AccountRepo, 'clock' | 'ids'>, configured: Credentials | null): Promise<BootstrapResult> => {
  const now = deps.clock.now();
  const sid = configured?.accountSid ?? DEV_ACCOUNT_SID;
  const existing = await deps.store.getAccount(sid);
  if (!configured && existing) return { account: existing, kind: 'dev', created: false };
  const account: Account = {
    sid,
    friendlyName: configured ? 'masq' : 'masq development account',
    authToken: configured?.authToken ?? deps.ids.token(16),
    // An upsert re-provisions name and token only: whatever status and owner the account has, it keeps.
    ownerAccountSid: existing?.ownerAccountSid ?? null,
    status: existing?.status ?? 'active',
    dateCreated: existing?.dateCreated ?? now,
    dateUpdated: now,
  };
  const kind = configured ? 'configured' : 'dev';
  if (existing && existing.authToken === account.authToken) return { account: existing, kind, created: false };
  await deps.store.upsertAccount(account);
  return { account, kind, created: !existing };
};
