// Creating a flow (its revision 1) and saving a new revision of it. Every save is a new revision, kept
// forever (a number may be pinned to any); a save based on a revision that is no longer the latest is
// refused when the caller says which one it started from (ExpectedRevision), so concurrent editors never
// silently overwrite each other.
import { AppError, invalidParameter } from '../../domain/errors.ts';
import type { Flow, FlowRevision } from '../../domain/flows/flow-record.ts';
import type { FlowRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { readDefinition } from './flow-definition.ts';
import { fetchFlow, type FlowWithRevision } from './flow-reads.ts';

const MAX_NAME = 255;
const MAX_COMMIT_MESSAGE = 1000;

export interface NewFlowInput {
  readonly friendlyName: string;
  readonly definition: unknown;
  readonly commitMessage: string | null;
}

export interface FlowChange {
  readonly definition: unknown;
  readonly commitMessage: string | null;
  /** The revision the change was made from; the save is refused (409) when the flow moved on. */
  readonly expectedRevision: number | null;
  readonly friendlyName: string | null;
}

const checkedName = (name: string): string => {
  if (name.trim() === '' || name.length > MAX_NAME) throw invalidParameter('FriendlyName', `1 to ${MAX_NAME} characters.`);
  return name;
};

const checkedMessage = (message: string | null): string => {
  if (message !== null && message.length > MAX_COMMIT_MESSAGE) throw invalidParameter('CommitMessage', `At most ${MAX_COMMIT_MESSAGE} characters.`);
  return message ?? '';
};

export const createFlow = async (deps: DepsWith<FlowRepo, 'clock' | 'ids'>, accountSid: string, input: NewFlowInput): Promise<FlowWithRevision> => {
  const friendlyName = checkedName(input.friendlyName);
  const commitMessage = checkedMessage(input.commitMessage);
  const { text } = readDefinition(input.definition);
  const now = deps.clock.now();
  const flow: Flow = { sid: deps.ids.sid('flow'), accountSid, friendlyName, latestRevision: 1, dateCreated: now, dateUpdated: now };
  const revision: FlowRevision = { flowSid: flow.sid, accountSid, revision: 1, definition: text, commitMessage, dateCreated: now };
  await deps.store.createFlow(flow, revision);
  return { flow, revision };
};

export const updateFlow = async (deps: DepsWith<FlowRepo, 'clock'>, accountSid: string, sid: string, change: FlowChange): Promise<FlowWithRevision> => {
  const friendlyName = change.friendlyName === null ? null : checkedName(change.friendlyName);
  const commitMessage = checkedMessage(change.commitMessage);
  const current = await fetchFlow(deps, accountSid, sid);
  const { text } = readDefinition(change.definition);
  const base = change.expectedRevision ?? current.flow.latestRevision;
  const moved = (latest: number): AppError => new AppError(
    'flow-revision-conflict',
    `Flow ${sid} is at revision ${latest}, not ${base}: fetch it, merge your change and save again with ExpectedRevision=${latest}.`,
  );
  if (base !== current.flow.latestRevision) throw moved(current.flow.latestRevision);
  const now = deps.clock.now();
  const revision: FlowRevision = { flowSid: sid, accountSid, revision: base + 1, definition: text, commitMessage, dateCreated: now };
  const flow = await deps.store.addFlowRevision(accountSid, sid, base, revision, friendlyName);
  if (flow === null) {
    // Another save won between our read and our write: the flow moved (or was deleted meanwhile).
    const latest = await deps.store.findFlow(accountSid, sid);
    if (latest === null) return fetchFlow(deps, accountSid, sid);
    throw moved(latest.latestRevision);
  }
  return { flow, revision };
};
