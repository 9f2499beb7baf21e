// /2010-04-01/Accounts/{AccountSid}/Recordings: recordings of programmable calls (voicemail, <Record>), as
// Twilio's client reads them (client.recordings.list / (sid).fetch / (sid).remove). The audio is served
// at Recordings/{RE}.wav and, as on Twilio, at Recordings/{RE} without an extension; unlike Twilio's
// default, only with the API credentials (masq has no unauthenticated media URLs).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deleteRecording } from '../../../app/recordings/delete-recording.ts';
import { fetchRecording, fetchRecordingAudio, listRecordings } from '../../../app/recordings/recording-reads.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import type { RecordingFilter } from '../../../ports/store.ts';
import { PageEnvelope2010, pageEnvelope2010, parsePageQuery2010 } from '../../paging-2010.ts';
import { PageQuery } from '../../paging.ts';
import { RecordingJson, serializeRecording } from '../../serializers/recording.ts';
import { ERRORS, mountPathOf, parseDateParam, type RouteContext } from '../common.ts';
import { urlAccount } from './url-account.ts';

const ListQuery = Type.Object({
  ...PageQuery.properties,
  CallSid: Type.Optional(Type.String()),
  DateCreated: Type.Optional(Type.String({ description: 'Created on this UTC day (YYYY-MM-DD, or a date-time: its day)' })),
  'DateCreated<': Type.Optional(Type.String({ description: 'Created on or before this day or date-time' })),
  'DateCreated>': Type.Optional(Type.String({ description: 'Created on or after this day or date-time' })),
});
const AccountParams = Type.Object({ AccountSid: Type.String() });
const RecordingParams = Type.Object({ AccountSid: Type.String(), Sid: Type.String({ description: 'RE...' }) });
const RecordingList = Type.Object({ ...PageEnvelope2010, recordings: Type.Array(RecordingJson) });
const EmptyList = (key: string) => Type.Object({ ...PageEnvelope2010, [key]: Type.Array(Type.Never()) });

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A filter value as a span of time: a whole UTC day for YYYY-MM-DD, one second for a date-time. */
const spanOf = (name: string, value: string): { start: Date; end: Date } => {
  const day = DAY.exec(value.trim());
  const start = day ? parseDateParam(name, `${value.trim()}T00:00:00Z`) : parseDateParam(name, value);
  if (!start) throw invalidParameter(name, 'Expected a date such as 2030-01-02 or a date-time such as 2030-01-02T03:04:05Z.');
  if (day) return { start, end: new Date(start.getTime() + DAY_MS) };
  // Dates are shown to the second, so "on or before 12:00:05" includes 12:00:05.900.
  const second = Math.floor(start.getTime() / 1000) * 1000;
  return { start: new Date(second), end: new Date(second + 1000) };
};

const utcDay = (date: Date): { start: Date; end: Date } => {
  const start = Math.floor(date.getTime() / DAY_MS) * DAY_MS;
  return { start: new Date(start), end: new Date(start + DAY_MS) };
};

const later = (a: Date | undefined, b: Date): Date => (a && a > b ? a : b);
const earlier = (a: Date | undefined, b: Date): Date => (a && a < b ? a : b);

/** Twilio's DateCreated, DateCreated<= and DateCreated>= (the client sends the keys `DateCreated<` / `DateCreated>`). */
export const dateFilterOf = (query: { DateCreated?: string; 'DateCreated<'?: string; 'DateCreated>'?: string }): Pick<RecordingFilter, 'createdFrom' | 'createdBefore'> => {
  let createdFrom: Date | undefined;
  let createdBefore: Date | undefined;
  if (query.DateCreated !== undefined) {
    // "Created on this date": twilio-node sends a date-time (midnight), meaning its day.
    const day = utcDay(spanOf('DateCreated', query.DateCreated).start);
    createdFrom = day.start;
    createdBefore = day.end;
  }
  if (query['DateCreated>'] !== undefined) createdFrom = later(createdFrom, spanOf('DateCreated>', query['DateCreated>']).start);
  if (query['DateCreated<'] !== undefined) createdBefore = earlier(createdBefore, spanOf('DateCreated<', query['DateCreated<']).end);
  return { ...(createdFrom && { createdFrom }), ...(createdBefore && { createdBefore }) };
};

export const recordingRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Recordings'];
  const base = '/2010-04-01/Accounts/:AccountSid/Recordings';

  const sendAudio = async (request: FastifyRequest, reply: FastifyReply, params: { AccountSid: string; Sid: string }) => {
    const accountSid = await urlAccount(request, ctx, params.AccountSid);
    const audio = await fetchRecordingAudio(ctx.deps, accountSid, params.Sid);
    return reply.type(audio.contentType).header('content-length', audio.data.length).send(audio.data);
  };

  app.get(`${base}.json`, {
    schema: { tags, summary: "List the account's recordings", params: AccountParams, querystring: ListQuery, response: { 200: RecordingList, ...ERRORS } },
  }, async (request) => {
    const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
    const query = request.query;
    const parsed = parsePageQuery2010(query);
    const filter: RecordingFilter = { ...(query.CallSid !== undefined && { callSid: query.CallSid }), ...dateFilterOf(query) };
    const page = await listRecordings(ctx.deps, accountSid, filter, parsed.request);
    const filters = { CallSid: query.CallSid, DateCreated: query.DateCreated, 'DateCreated<': query['DateCreated<'], 'DateCreated>': query['DateCreated>'] };
    const mediaBase = ctx.base(request);
    return { ...pageEnvelope2010(mountPathOf(request, ctx), parsed, page, filters), recordings: page.items.map((item) => serializeRecording(item, mediaBase)) };
  });

  app.get(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Fetch a recording', params: RecordingParams, response: { 200: RecordingJson, ...ERRORS } },
  }, async (request) => {
    const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
    return serializeRecording(await fetchRecording(ctx.deps, accountSid, request.params.Sid), ctx.base(request));
  });

  const audioSchema = { tags, summary: "Download a recording's audio (WAV)", params: RecordingParams, produces: ['audio/wav'], response: { ...ERRORS } };
  app.get(`${base}/:Sid.wav`, { schema: audioSchema }, (request, reply) => sendAudio(request, reply, request.params));
  app.get(`${base}/:Sid`, { schema: { ...audioSchema, summary: "Download a recording's audio (as .wav)" } }, (request, reply) => sendAudio(request, reply, request.params));

  app.delete(`${base}/:Sid.json`, {
    schema: { tags, summary: 'Delete a recording and its audio', params: RecordingParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteRecording(ctx.deps, await urlAccount(request, ctx, request.params.AccountSid), request.params.Sid);
    return reply.code(204).send(null);
  });

  // The sub-resources every recording names: masq makes no transcriptions and runs no add-ons, so both are empty.
  for (const [segment, key] of [['Transcriptions', 'transcriptions'], ['AddOnResults', 'add_on_results']] as const) {
    app.get(`${base}/:Sid/${segment}.json`, {
      schema: { tags, summary: `List a recording's ${key.replace(/_/g, ' ')} (always empty in masq)`, params: RecordingParams, querystring: PageQuery, response: { 200: EmptyList(key), ...ERRORS } },
    }, async (request) => {
      const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
      await fetchRecording(ctx.deps, accountSid, request.params.Sid);
      const parsed = parsePageQuery2010(request.query);
      return { ...pageEnvelope2010(mountPathOf(request, ctx), parsed, { items: [], hasMore: false }), [key]: [] };
    });
  }
};
