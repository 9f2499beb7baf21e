// The 2010-04-01 Recording resource: every field of twilio-node's RecordingResource, explicit nulls, dates
// in RFC 2822 and `duration` as a string (as Twilio sends them). masq's own facts come as `masq_*` keys,
// which the client ignores.
import { Type } from '@sinclair/typebox';
import { recordingPath, rfc2822, twilioRecordingSource } from '../../app/recordings/recording-wire.ts';
import type { Recording } from '../../domain/programmable/recording.ts';
import { Nullable } from './common.ts';

const Rfc2822 = Type.String({ description: 'RFC 2822, e.g. Thu, 30 Jul 2015 20:00:00 +0000' });

export const RecordingJson = Type.Object({
  account_sid: Type.String(),
  api_version: Type.String(),
  call_sid: Type.String(),
  conference_sid: Type.Null(),
  date_created: Rfc2822,
  date_updated: Rfc2822,
  start_time: Rfc2822,
  duration: Type.String({ description: 'Seconds, as a string (Twilio)' }),
  sid: Type.String({ description: 'RE...' }),
  price: Type.Null(),
  price_unit: Type.String(),
  status: Type.String({ description: 'in-progress, completed, failed, absent or deleted' }),
  channels: Type.Integer(),
  source: Type.String({ description: "Twilio's RecordingSource: RecordVerb (a <Record> or a flow's voicemail) or DialVerb" }),
  error_code: Nullable(Type.Integer()),
  uri: Type.String(),
  encryption_details: Type.Null(),
  subresource_uris: Type.Record(Type.String(), Type.String()),
  media_url: Type.String({ description: 'The audio (WAV), with the API credentials' }),
  masq_traffic_sid: Nullable(Type.String({ description: 'The NumberTraffic record (NT...) of the call it was made on' })),
  masq_phone_number_sid: Nullable(Type.String()),
  masq_from: Type.String({ description: 'The caller' }),
  masq_content_type: Type.String(),
  masq_size_bytes: Type.Integer(),
  masq_transcript: Nullable(Type.String({ description: 'What a sandbox caller said; null for a carrier recording' })),
});

/** `mediaBase`: the externally visible base of the request's mount, so media_url works from where the client is. */
export const serializeRecording = (recording: Recording, mediaBase: string) => {
  const path = recordingPath(recording);
  return {
    account_sid: recording.accountSid,
    api_version: '2010-04-01',
    call_sid: recording.callSid,
    conference_sid: null,
    date_created: rfc2822(recording.dateCreated),
    date_updated: rfc2822(recording.dateUpdated),
    start_time: rfc2822(recording.startTime),
    duration: String(recording.durationSeconds),
    sid: recording.sid,
    price: null,
    price_unit: 'USD',
    status: recording.status,
    channels: recording.channels,
    source: twilioRecordingSource(recording.source),
    error_code: recording.errorCode,
    uri: `${path}.json`,
    encryption_details: null,
    subresource_uris: { add_on_results: `${path}/AddOnResults.json`, transcriptions: `${path}/Transcriptions.json` },
    media_url: `${mediaBase}${path}`,
    masq_traffic_sid: recording.trafficSid,
    masq_phone_number_sid: recording.numberSid,
    masq_from: recording.from,
    masq_content_type: recording.contentType,
    masq_size_bytes: recording.sizeBytes,
    masq_transcript: recording.transcript,
  };
};
