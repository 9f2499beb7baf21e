// Accounts and API keys: the tenants every other row is scoped by.
import type { Selectable } from 'kysely';
import { ACCOUNT_STATUSES, type Account, type ApiKey } from '../domain/account.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { AccountFilter } from '../ports/store/accounts.ts';
import { iso, oneOf, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import { prepared } from './prepared.ts';
import type { AccountsTable, ApiKeysTable } from './schema.ts';

const toAccount = (r: Selectable<AccountsTable>): Account => ({
  sid: r.sid,
  friendlyName: r.friendly_name,
  authToken: r.auth_token,
  ownerAccountSid: r.owner_account_sid,
  status: oneOf(ACCOUNT_STATUSES, r.status, 'accounts.status'),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const toApiKey = (r: Selectable<ApiKeysTable>): ApiKey => ({
  sid: r.sid,
  accountSid: r.account_sid,
  friendlyName: r.friendly_name,
  secretSalt: r.secret_salt,
  secretHash: r.secret_hash,
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated ?? r.date_created),
});

// Every authenticated API request reads its account (prepared.ts: compiled once).
const accountBySid = prepared(['sid'], (db, slot) => db.selectFrom('accounts').selectAll().where('sid', '=', slot('sid')));

/** The caller's own account and the ones it owns (the owner index serves the second half), filtered. */
const familyQuery = (ctx: Ctx, ownerSid: string, filter: AccountFilter) => {
  let q = ctx.db().selectFrom('accounts').selectAll()
    .where((eb) => eb.or([eb('sid', '=', ownerSid), eb('owner_account_sid', '=', ownerSid)]));
  if (filter.friendlyName !== undefined) q = q.where('friendly_name', '=', filter.friendlyName);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  return q;
};

export const accountRepo = (ctx: Ctx): AccountRepo => ({
  async upsertAccount(a) {
    await ctx.db().insertInto('accounts')
      .values({ sid: a.sid, friendly_name: a.friendlyName, auth_token: a.authToken, date_created: iso(a.dateCreated), date_updated: iso(a.dateUpdated) })
      // date_created is kept: an upsert re-provisions an account, it does not recreate it.
      .onConflict((oc) => oc.column('sid').doUpdateSet({
        friendly_name: a.friendlyName, auth_token: a.authToken, date_updated: iso(a.dateUpdated),
      }))
      .execute();
  },

  async createAccount(a) {
    await ctx.db().insertInto('accounts')
      .values({
        sid: a.sid, friendly_name: a.friendlyName, auth_token: a.authToken, owner_account_sid: a.ownerAccountSid, status: a.status,
        date_created: iso(a.dateCreated), date_updated: iso(a.dateUpdated),
      })
      .execute();
  },

  async getAccount(sid) {
    const [row] = (await accountBySid.execute(ctx.db(), { sid })).rows;
    return row ? toAccount(row) : null;
  },

  listAccountFamily: (ownerSid, filter, page) => keysetPage(familyQuery(ctx, ownerSid, filter), 'accounts', page, toAccount),

  // `status <> 'closed'` in the statement itself: two requests that both read the account open cannot
  // reopen it after one of them closed it, whichever commits first.
  async updateAccount(sid, patch) {
    const row = await ctx.db().updateTable('accounts')
      .set({
        ...(patch.friendlyName !== undefined && { friendly_name: patch.friendlyName }),
        ...(patch.status !== undefined && { status: patch.status }),
        date_updated: iso(patch.dateUpdated),
      })
      .where('sid', '=', sid).where('status', '<>', 'closed')
      .returningAll().executeTakeFirst();
    return row ? toAccount(row) : null;
  },

  async createApiKey(k) {
    await ctx.db().insertInto('api_keys')
      .values({
        sid: k.sid, account_sid: k.accountSid, friendly_name: k.friendlyName, secret_salt: k.secretSalt, secret_hash: k.secretHash,
        date_created: iso(k.dateCreated), date_updated: iso(k.dateUpdated),
      })
      .execute();
  },

  // Read on every request made with a key, never cached: a deleted key stops working at once.
  async getApiKey(sid) {
    const row = await ctx.db().selectFrom('api_keys').selectAll().where('sid', '=', sid).executeTakeFirst();
    return row ? toApiKey(row) : null;
  },

  listApiKeys: (accountSid, page) =>
    keysetPage(ctx.db().selectFrom('api_keys').selectAll().where('account_sid', '=', accountSid), 'api_keys', page, toApiKey),

  async updateApiKey(accountSid, sid, patch) {
    const row = await ctx.db().updateTable('api_keys')
      .set({ friendly_name: patch.friendlyName, date_updated: iso(patch.dateUpdated) })
      .where('account_sid', '=', accountSid).where('sid', '=', sid)
      .returningAll().executeTakeFirst();
    return row ? toApiKey(row) : null;
  },

  async deleteApiKey(accountSid, sid) {
    const result = await ctx.db().deleteFrom('api_keys').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return result.numDeletedRows > 0n;
  },
});
