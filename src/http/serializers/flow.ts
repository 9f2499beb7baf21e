// masq flows on the wire (/masq/v1/Flows): a flow with its latest revision's definition (as JSON, not a
// string), its revisions, a dry-run's path, and the problems of a refused definition. snake_case, ISO dates.
import { Type, type Static } from '@sinclair/typebox';
import type { DryRunAnswer } from '../../app/flows/dry-run-flow.ts';
import type { Flow, FlowRevision } from '../../domain/flows/flow-record.ts';
import type { FlowProblem } from '../../domain/flows/flow-fields.ts';
import { DateTime, ErrorJson, isoDate, Nullable } from './common.ts';

const Definition = Type.Unknown({ description: 'The flow document (docs/programmable-numbers.md, "Flows")' });

export const FlowJson = Type.Object({
  sid: Type.String({ description: 'FW...' }),
  account_sid: Type.String(),
  friendly_name: Type.String(),
  revision: Type.Integer({ description: 'The latest revision' }),
  definition: Nullable(Definition),
  commit_message: Nullable(Type.String()),
  valid: Type.Boolean({ description: 'Always true: an invalid definition is never saved' }),
  date_created: DateTime,
  date_updated: DateTime,
  url: Type.String(),
  links: Type.Object({ revisions: Type.String(), dry_run: Type.String() }),
}, { title: 'Flow' });

export const FlowRevisionJson = Type.Object({
  flow_sid: Type.String(),
  account_sid: Type.String(),
  revision: Type.Integer(),
  definition: Definition,
  commit_message: Type.String(),
  date_created: DateTime,
  url: Type.String(),
}, { title: 'FlowRevision' });

export const FlowProblemJson = Type.Object({
  pointer: Type.String({ description: 'RFC 6901 JSON Pointer into the definition, e.g. /nodes/menu/options/1' }),
  message: Type.String(),
});

/** Studio's 81022 envelope with every problem of the definition. */
export const FlowErrorJson = Type.Composite([ErrorJson, Type.Object({ problems: Type.Optional(Type.Array(FlowProblemJson)) })]);

export const ValidationJson = Type.Object({ valid: Type.Boolean(), problems: Type.Array(FlowProblemJson) }, { title: 'FlowValidation' });

export const DryRunJson = Type.Object({
  flow_sid: Type.String(),
  revision: Type.Integer(),
  channel: Type.String(),
  at: DateTime,
  path: Type.Array(Type.Object({
    node: Type.String(),
    type: Type.String(),
    why: Type.String({ description: 'The condition that matched, the key pressed, the dial outcome...' }),
    actions: Type.Array(Type.String({ description: 'What the node would do, in words' })),
  })),
  outcome: Type.String(),
  error: Nullable(Type.String()),
}, { title: 'FlowDryRun' });

const flowUrl = (base: string, sid: string): string => `${base}/masq/v1/Flows/${sid}`;
const date = (d: Date): string => isoDate(d) ?? '';

/** Stored definitions are valid JSON (they were read before saving). */
const definitionOf = (text: string): unknown => JSON.parse(text);

/** `revision`: the latest's, when the caller read it (a list does not: definition and message are null there). */
export const serializeFlow = (flow: Flow, base: string, revision: FlowRevision | null): Static<typeof FlowJson> => ({
  sid: flow.sid,
  account_sid: flow.accountSid,
  friendly_name: flow.friendlyName,
  revision: flow.latestRevision,
  definition: revision === null ? null : definitionOf(revision.definition),
  commit_message: revision === null ? null : revision.commitMessage,
  valid: true,
  date_created: date(flow.dateCreated),
  date_updated: date(flow.dateUpdated),
  url: flowUrl(base, flow.sid),
  links: { revisions: `${flowUrl(base, flow.sid)}/Revisions`, dry_run: `${flowUrl(base, flow.sid)}/DryRun` },
});

export const serializeFlowRevision = (r: FlowRevision, base: string): Static<typeof FlowRevisionJson> => ({
  flow_sid: r.flowSid,
  account_sid: r.accountSid,
  revision: r.revision,
  definition: definitionOf(r.definition),
  commit_message: r.commitMessage,
  date_created: date(r.dateCreated),
  url: `${flowUrl(base, r.flowSid)}/Revisions/${r.revision}`,
});

export const serializeProblems = (problems: readonly FlowProblem[]): Static<typeof FlowProblemJson>[] =>
  problems.map((p) => ({ pointer: p.pointer, message: p.message }));

export const serializeDryRun = (answer: DryRunAnswer): Static<typeof DryRunJson> => ({
  flow_sid: answer.flow.sid,
  revision: answer.revision.revision,
  channel: answer.result.channel,
  at: date(answer.at),
  path: answer.result.path.map((s) => ({ node: s.node, type: s.type, why: s.why, actions: [...s.actions] })),
  outcome: answer.result.outcome,
  error: answer.result.error,
});
