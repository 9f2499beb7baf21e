// A flow voicemail, once recorded and stored: POSTed as signed JSON to the node's webhook (a durable job,
// written with its log event in one transaction, so it is sent if and only if it is logged), and emailed
// to the node's addresses with the audio attached. A mail problem is logged, never thrown: the caller's
// message is kept whatever happens to its delivery.
import type { FlowPlace } from '../../domain/flows/evaluate.ts';
import type { VoicemailNode } from '../../domain/flows/flow-document.ts';
import type { Recording } from '../../domain/programmable/recording.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { MailAttachment } from '../../ports/mailer.ts';
import { callbackJob } from '../callbacks/callback-job.ts';
import { wireDate } from '../callbacks/wire.ts';
import type { AppDeps } from '../deps.ts';
import { sendMail } from '../mail/send-mail.ts';
import { recordingUrl } from '../recordings/recording-wire.ts';
import { event, reasonOf } from './flow-events.ts';

export interface VoicemailDelivery {
  readonly traffic: NumberTraffic;
  readonly recording: Recording;
  readonly place: FlowPlace;
  readonly nodeId: string;
  readonly voicemail: VoicemailNode;
}

const webhookJson = (deps: AppDeps, d: VoicemailDelivery): string => JSON.stringify({
  event_type: 'voicemail.recorded',
  account_sid: d.traffic.accountSid,
  traffic_sid: d.traffic.sid,
  call_sid: d.traffic.resourceSid,
  number_sid: d.traffic.numberSid,
  from: d.traffic.from,
  to: d.traffic.to,
  recording_sid: d.recording.sid,
  recording_url: recordingUrl(deps.settings.publicUrl, d.recording),
  recording_status: d.recording.status,
  recording_duration: d.recording.durationSeconds,
  content_type: d.recording.contentType,
  transcript: d.recording.transcript,
  flow_sid: d.place.flowSid,
  flow_revision: d.place.revision,
  flow_node: d.nodeId,
  date_created: wireDate(d.recording.dateCreated),
});

const mailText = (deps: AppDeps, d: VoicemailDelivery, attached: boolean): string => [
  `${d.traffic.from} left a ${d.recording.durationSeconds} s voicemail for ${d.traffic.to}.`,
  '',
  ...(d.recording.transcript ? [`Transcript: ${d.recording.transcript}`, ''] : []),
  attached ? 'The recording is attached.' : `The recording could not be attached (${d.recording.status}).`,
  `Recording: ${recordingUrl(deps.settings.publicUrl, d.recording)}`,
  `Call log: ${d.traffic.sid}`,
].join('\n');

const audioOf = async (deps: AppDeps, recording: Recording): Promise<MailAttachment | null> => {
  if (recording.storageKey === null) return null;
  const audio = await deps.recordingStorage.get(recording.storageKey);
  const extension = audio?.contentType === 'audio/mpeg' ? 'mp3' : 'wav';
  return audio === null ? null : { filename: `${recording.sid}.${extension}`, contentType: audio.contentType, content: audio.data };
};

const emailVoicemail = async (deps: AppDeps, d: VoicemailDelivery): Promise<NewTrafficEvent> => {
  const to = d.voicemail.email.join(', ');
  let attachment: MailAttachment | null;
  try {
    attachment = await audioOf(deps, d.recording);
  } catch (err) {
    attachment = null;
    await deps.store.appendTrafficEvents(d.traffic.sid, [event(deps.clock.now(), 'error', `The voicemail audio could not be read: ${reasonOf(err)}`, { RecordingSid: d.recording.sid })]);
  }
  const outcome = await sendMail(deps, {
    to: d.voicemail.email,
    subject: `Voicemail from ${d.traffic.from} (${d.recording.durationSeconds} s)`,
    text: mailText(deps, d, attachment !== null),
    attachments: attachment === null ? [] : [attachment],
  });
  return outcome.kind === 'sent'
    ? event(deps.clock.now(), 'email', `Emailed the voicemail to ${to}`, { to, messageId: outcome.messageId, RecordingSid: d.recording.sid })
    : event(deps.clock.now(), 'email', `Emailing the voicemail to ${to} failed: ${outcome.reason}`, { to, reason: outcome.reason, RecordingSid: d.recording.sid });
};

export const deliverVoicemail = async (deps: AppDeps, d: VoicemailDelivery): Promise<void> => {
  const { webhook } = d.voicemail;
  if (webhook !== null) {
    const job = callbackJob(deps, d.traffic.accountSid, { url: webhook, params: {}, json: webhookJson(deps, d) });
    const queued = event(deps.clock.now(), 'webhook', `Voicemail ${d.recording.sid} queued for ${webhook} (${job.id})`, { url: webhook, job: job.id, RecordingSid: d.recording.sid });
    await deps.store.transaction(async (tx) => {
      await tx.enqueueJob(job);
      await tx.appendTrafficEvents(d.traffic.sid, [queued]);
    });
  }
  if (d.voicemail.email.length > 0) await deps.store.appendTrafficEvents(d.traffic.sid, [await emailVoicemail(deps, d)]);
};
