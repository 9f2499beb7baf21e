// The sandbox's virtual phones on the wire (masq-native snake_case JSON, see docs/sandbox.md): messages,
// call legs with what their caller heard and where a programmable call waits, routing outcomes, and a
// phone's standing behaviour.
import { Type } from '@sinclair/typebox';
import type { ExecutedPlan } from '../../app/execute-plan.ts';
import { planSummary } from '../../domain/call-plan.ts';
import { twilioCodeOf } from '../../domain/errors.ts';
import type { CallLogEntry, PhoneBehaviour, SandboxCall, SandboxMessage, SandboxProgram } from '../../ports/sandbox.ts';
import { isoDate } from './common.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MessageJson = Type.Object({
  sid: Type.String(), from: Type.String(), to: Type.String(), body: Type.String(), media_urls: Type.Array(Type.String()),
  direction: Type.String({ description: "'sent' or 'received' by this phone" }), date_created: Nullable(Type.String()),
});

const LogJson = Type.Array(Type.Object({ text: Type.String(), at: Nullable(Type.String()) }));

const ProgramJson = Type.Union([Type.Null(), Type.Object({
  traffic_sid: Type.String({ description: 'The NumberTraffic record (NT…) of the call' }),
  waiting_for: Nullable(Type.String({ description: "digits (a <Gather>), voicemail (a <Record>), dial (a <Dial>'s phones), hangup (a looping <Say>/<Play>); null while a step runs" })),
  dialing: Type.Array(Type.String(), { description: 'The legs a <Dial> placed (their sids), while it waits on them' }),
})], { description: 'A programmable call in progress; null for other calls and once it ended' });

export const CallJson = Type.Object({
  sid: Type.String(), from: Type.String(), to: Type.String(),
  status: Type.String({ description: 'ringing, in-progress, completed, busy, no-answer, canceled, failed' }),
  bridged_with: Nullable(Type.String()), date_answered: Nullable(Type.String()), date_ended: Nullable(Type.String()),
  duration: Type.Union([Type.Integer(), Type.Null()]),
  heard: Nullable(Type.String({ description: 'What the caller heard, as one text (the lines of heard_log joined by newlines)' })),
  heard_log: LogJson,
  notes: LogJson,
  program: ProgramJson,
  date_created: Nullable(Type.String()),
});

export const RoutingJson = Type.Object({
  outcome: Type.String({ description: 'forward, reply, markup, program or nothing' }),
  error_code: Type.Union([Type.Integer(), Type.Null()]),
  reason: Nullable(Type.String()),
  interaction_sid: Nullable(Type.String()),
  traffic_sid: Type.Optional(Type.String({ description: 'Present when a programmable number answered: its NumberTraffic record' })),
});

export const BehaviourJson = Type.Object({
  phone: Type.String(),
  on_call: Type.String({ description: 'ring, answer, busy or no-answer' }),
  digits: Type.Array(Type.String()),
  voicemail: Nullable(Type.String()),
});

export const messageJson = (m: SandboxMessage) => ({
  sid: m.sid, from: m.from, to: m.to, body: m.body, media_urls: [...m.mediaUrls], direction: m.direction, date_created: isoDate(m.dateCreated),
});

const logJson = (log: readonly CallLogEntry[]) => log.map((entry) => ({ text: entry.text, at: isoDate(entry.at) }));

/** `heard` (the field from before the log existed): the log's lines as one text, null when nothing was heard. */
export const heardText = (log: readonly CallLogEntry[]): string | null => (log.length > 0 ? log.map((entry) => entry.text).join('\n') : null);

const WAITING_FOR = { gather: 'digits', record: 'voicemail', dial: 'dial', listening: 'hangup' } as const;

const programJson = (program: SandboxProgram | null) => program && {
  traffic_sid: program.trafficSid,
  waiting_for: program.wait ? WAITING_FOR[program.wait.kind] : null,
  dialing: program.wait?.kind === 'dial' ? [...program.wait.legs] : [],
};

export const callJson = (c: SandboxCall, program: SandboxProgram | null) => ({
  sid: c.sid, from: c.from, to: c.to, status: c.status, bridged_with: c.bridgedWith, date_answered: isoDate(c.answeredAt),
  date_ended: isoDate(c.endedAt), duration: c.durationSeconds, heard: heardText(c.heardLog), heard_log: logJson(c.heardLog), notes: logJson(c.notes),
  program: programJson(program), date_created: isoDate(c.dateCreated),
});

export const routingJson = ({ plan }: ExecutedPlan) => {
  const program = plan.verbs.find((verb) => verb.verb === 'program');
  const outcome = program ? 'program' : planSummary(plan);
  return {
    outcome,
    error_code: plan.refusal ? twilioCodeOf(plan.refusal.code) : null,
    reason: plan.refusal?.reason ?? null,
    interaction_sid: outcome === 'forward' ? plan.interactionSid : null,
    ...(program?.verb === 'program' && { traffic_sid: program.trafficSid }),
  };
};

export const behaviourJson = (phone: string, b: PhoneBehaviour) => ({ phone, on_call: b.onCall, digits: [...b.digits], voicemail: b.voicemail });
