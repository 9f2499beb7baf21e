// How a recording is named to the outside, in Twilio's words: its URL under the 2010 API, its source
// (Twilio's RecordingSource values), its dates in RFC 2822. Shared by the 2010 serializer and the
// RecordingStatusCallback delivery, so both say the same thing about one recording.
import type { Recording, RecordingSource } from '../../domain/programmable/recording.ts';

/** Twilio's RecordingSource: a voicemail is made by a <Record> verb, as on Twilio. */
const TWILIO_SOURCES: Readonly<Record<RecordingSource, string>> = {
  voicemail: 'RecordVerb',
  'record-verb': 'RecordVerb',
  dial: 'DialVerb',
};

export const twilioRecordingSource = (source: RecordingSource): string => TWILIO_SOURCES[source];

/** `/2010-04-01/Accounts/{AC}/Recordings/{RE}`: without an extension Twilio serves the WAV. */
export const recordingPath = (recording: Pick<Recording, 'accountSid' | 'sid'>): string =>
  `/2010-04-01/Accounts/${recording.accountSid}/Recordings/${recording.sid}`;

/**
 * The RecordingUrl masq hands out outside a request (callbacks, the app's step parameters): absolute
 * under MASQ_PUBLIC_URL; path-only when masq has no public URL (port 0, Host taken per request).
 */
export const recordingUrl = (publicUrl: string | null | undefined, recording: Pick<Recording, 'accountSid' | 'sid'>): string =>
  `${publicUrl ?? ''}${recordingPath(recording)}`;

/** `Thu, 30 Jul 2015 20:00:00 +0000`: Twilio's 2010 API and its recording callbacks date this way. */
export const rfc2822 = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');

/** Where a recording's audio is kept in RecordingStorage: per account, named by its sid. */
export const recordingStorageKey = (recording: Pick<Recording, 'accountSid' | 'sid'>): string => `${recording.accountSid}/${recording.sid}.wav`;
