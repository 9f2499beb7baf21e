// Recordings' metadata (migration 019); the audio is behind the RecordingStorage port under storage_key.
import type { Selectable } from 'kysely';
import type { Recording, RecordingSource, RecordingStatus } from '../domain/programmable/recording.ts';
import type { RecordingPatch, RecordingRepo } from '../ports/store/programmable.ts';
import { iso, oneOf, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import type { RecordingsTable } from './schema.ts';

const SOURCES: readonly RecordingSource[] = ['voicemail', 'record-verb', 'dial'];
const STATUSES: readonly RecordingStatus[] = ['in-progress', 'completed', 'absent', 'failed', 'deleted'];

const toRecording = (r: Selectable<RecordingsTable>): Recording => ({
  sid: r.sid,
  accountSid: r.account_sid,
  callSid: r.call_sid,
  trafficSid: r.traffic_sid,
  numberSid: r.number_sid,
  source: oneOf(SOURCES, r.source, 'recordings.source'),
  status: oneOf(STATUSES, r.status, 'recordings.status'),
  durationSeconds: r.duration_seconds,
  channels: r.channels,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  storageKey: r.storage_key,
  from: r.from_,
  transcript: r.transcript,
  errorCode: r.error_code,
  startTime: readDate(r.start_time),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const patchValues = (patch: RecordingPatch) => ({
  date_updated: iso(patch.dateUpdated),
  ...(patch.status !== undefined && { status: patch.status }),
  ...(patch.durationSeconds !== undefined && { duration_seconds: patch.durationSeconds }),
  ...(patch.contentType !== undefined && { content_type: patch.contentType }),
  ...(patch.sizeBytes !== undefined && { size_bytes: patch.sizeBytes }),
  ...(patch.storageKey !== undefined && { storage_key: patch.storageKey }),
  ...(patch.errorCode !== undefined && { error_code: patch.errorCode }),
  ...(patch.transcript !== undefined && { transcript: patch.transcript }),
});

export const recordingRepo = (ctx: Ctx): RecordingRepo => ({
  async insertRecording(r) {
    await ctx.db().insertInto('recordings').values({
      sid: r.sid, account_sid: r.accountSid, call_sid: r.callSid, traffic_sid: r.trafficSid, number_sid: r.numberSid, source: r.source,
      status: r.status, duration_seconds: r.durationSeconds, channels: r.channels, content_type: r.contentType, size_bytes: r.sizeBytes,
      storage_key: r.storageKey, from_: r.from, transcript: r.transcript, error_code: r.errorCode, start_time: iso(r.startTime),
      date_created: iso(r.dateCreated), date_updated: iso(r.dateUpdated),
    }).execute();
  },

  async findRecording(accountSid, sid) {
    const row = await ctx.db().selectFrom('recordings').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toRecording(row) : null;
  },

  async updateRecording(accountSid, sid, patch) {
    const row = await ctx.db().updateTable('recordings').set(patchValues(patch))
      .where('account_sid', '=', accountSid).where('sid', '=', sid).returningAll().executeTakeFirst();
    return row ? toRecording(row) : null;
  },

  listRecordings(accountSid, filter, page) {
    let q = ctx.db().selectFrom('recordings').selectAll().where('account_sid', '=', accountSid);
    if (filter.callSid !== undefined) q = q.where('call_sid', '=', filter.callSid);
    if (filter.trafficSid !== undefined) q = q.where('traffic_sid', '=', filter.trafficSid);
    if (filter.createdFrom !== undefined) q = q.where('date_created', '>=', iso(filter.createdFrom));
    if (filter.createdBefore !== undefined) q = q.where('date_created', '<', iso(filter.createdBefore));
    return keysetPage(q, 'recordings', page, toRecording);
  },

  async deleteRecording(accountSid, sid) {
    const result = await ctx.db().deleteFrom('recordings').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
});
