// masq flows and their revisions (migration 019). A flow's latest_revision moves only by an optimistic
// compare-and-set, so two concurrent saves of the same revision never both become the next one.
import { sql, type Selectable } from 'kysely';
import type { Flow, FlowRevision } from '../domain/flows/flow-record.ts';
import type { PageCursor } from '../ports/store.ts';
import type { FlowRepo } from '../ports/store/programmable.ts';
import { iso, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import type { FlowRevisionsTable, FlowsTable } from './schema.ts';

const toFlow = (r: Selectable<FlowsTable>): Flow => ({
  sid: r.sid,
  accountSid: r.account_sid,
  friendlyName: r.friendly_name,
  latestRevision: r.latest_revision,
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const toRevision = (r: Selectable<FlowRevisionsTable>): FlowRevision => ({
  flowSid: r.flow_sid,
  accountSid: r.account_sid,
  revision: r.revision,
  definition: r.definition,
  commitMessage: r.commit_message,
  dateCreated: readDate(r.date_created),
});

const revisionValues = (flowSid: string, accountSid: string, revision: number, r: FlowRevision) => ({
  flow_sid: flowSid, account_sid: accountSid, revision, definition: r.definition, commit_message: r.commitMessage, date_created: iso(r.dateCreated),
});

/**
 * Revisions have no sid of their own: they page by revision number, and a page cursor's `sid` is the
 * revision's number in decimal (revisionCursor). A cursor whose sid is not a number (a forged page
 * token) counts as revision 0: `after` it is the whole list, `before` it is nothing.
 */
export const revisionCursor = (r: FlowRevision): PageCursor => ({ dateCreated: r.dateCreated, sid: String(r.revision) });
const revisionOf = (cursor: PageCursor): number => (/^\d{1,9}$/.test(cursor.sid) ? Number(cursor.sid) : 0);

export const flowRepo = (ctx: Ctx): FlowRepo => ({
  createFlow: (flow, first) => ctx.atomic(async () => {
    await ctx.db().insertInto('flows').values({
      sid: flow.sid, account_sid: flow.accountSid, friendly_name: flow.friendlyName, latest_revision: flow.latestRevision,
      date_created: iso(flow.dateCreated), date_updated: iso(flow.dateUpdated),
    }).execute();
    await ctx.db().insertInto('flow_revisions').values(revisionValues(flow.sid, flow.accountSid, flow.latestRevision, first)).execute();
  }),

  async findFlow(accountSid, sid) {
    const row = await ctx.db().selectFrom('flows').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toFlow(row) : null;
  },

  listFlows: (accountSid, page) => keysetPage(ctx.db().selectFrom('flows').selectAll().where('account_sid', '=', accountSid), 'flows', page, toFlow),

  addFlowRevision: (accountSid, sid, expectedLatest, revision, friendlyName) => ctx.atomic(async () => {
    // The compare-and-set: on PostgreSQL a concurrent save waits on the row, then finds latest_revision
    // moved and updates nothing; SQLite runs writers one at a time.
    const next = expectedLatest + 1;
    const moved = await ctx.db().updateTable('flows')
      .set({
        latest_revision: next, date_updated: iso(revision.dateCreated),
        ...(friendlyName !== null && { friendly_name: friendlyName }),
      })
      .where('account_sid', '=', accountSid).where('sid', '=', sid).where('latest_revision', '=', expectedLatest)
      .returningAll().executeTakeFirst();
    if (!moved) return null;
    await ctx.db().insertInto('flow_revisions').values(revisionValues(sid, accountSid, next, revision)).execute();
    return toFlow(moved);
  }),

  async findFlowRevision(accountSid, sid, revision) {
    const row = await ctx.db().selectFrom('flow_revisions').selectAll()
      .where('flow_sid', '=', sid).where('revision', '=', revision).where('account_sid', '=', accountSid).executeTakeFirst();
    return row ? toRevision(row) : null;
  },

  async listFlowRevisions(accountSid, sid, page) {
    const size = Math.max(1, Math.floor(page.pageSize));
    const backward = page.before !== undefined;
    let q = ctx.db().selectFrom('flow_revisions').selectAll().where('flow_sid', '=', sid).where('account_sid', '=', accountSid);
    if (page.before !== undefined) q = q.where('revision', '<', revisionOf(page.before));
    else if (page.after !== undefined) q = q.where('revision', '>', revisionOf(page.after));
    q = q.orderBy('revision', backward ? 'desc' : 'asc').limit(size + 1);
    const offset = page.offset !== undefined && page.after === undefined && !backward ? Math.floor(page.offset) : 0;
    if (offset > 0) q = q.offset(sql<number>`${offset}`);
    const rows = await q.execute();
    const kept = rows.slice(0, size);
    if (backward) kept.reverse();
    return { items: kept.map(toRevision), hasMore: rows.length > size };
  },

  deleteFlow: (accountSid, sid) => ctx.atomic(async () => {
    // The revisions go by the foreign key's cascade too; deleting them first keeps this independent of it.
    await ctx.db().deleteFrom('flow_revisions').where('flow_sid', '=', sid).where('account_sid', '=', accountSid).execute();
    const result = await ctx.db().deleteFrom('flows').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }),
});
