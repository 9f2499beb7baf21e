// Accounts and API keys: the tenants every other row is scoped by.
import type { Selectable } from 'kysely';
import type { Account, ApiKey } from '../domain/account.ts';
import type { AccountRepo } from '../ports/store.ts';
import { iso, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import { prepared } from './prepared.ts';
import type { AccountsTable, ApiKeysTable } from './schema.ts';

const toAccount = (r: Selectable<AccountsTable>): Account => ({
  sid: r.sid,
  friendlyName: r.friendly_name,
  authToken: r.auth_token,
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

  async getAccount(sid) {
    const [row] = (await accountBySid.execute(ctx.db(), { sid })).rows;
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
