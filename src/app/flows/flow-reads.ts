// Reading flows: one with its latest revision, the account's list, and a flow's revisions.
import { invalidParameter, notFound } from '../../domain/errors.ts';
import type { Flow, FlowRevision } from '../../domain/flows/flow-record.ts';
import { isSid } from '../../domain/sid.ts';
import type { FlowRepo, Page, PageRequest } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export interface FlowWithRevision {
  readonly flow: Flow;
  /** The flow's latest revision (or the one asked for). */
  readonly revision: FlowRevision;
}

const findFlow = async (repo: Pick<FlowRepo, 'findFlow'>, accountSid: string, sid: string): Promise<Flow> => {
  const flow = isSid('flow', sid) ? await repo.findFlow(accountSid, sid) : null;
  if (flow === null) throw notFound(`/Flows/${sid}`);
  return flow;
};

const findRevision = async (repo: Pick<FlowRepo, 'findFlowRevision'>, flow: Flow, revision: number): Promise<FlowRevision> => {
  const found = await repo.findFlowRevision(flow.accountSid, flow.sid, revision);
  if (found === null) throw notFound(`/Flows/${flow.sid}/Revisions/${revision}`);
  return found;
};

export const fetchFlow = async (deps: DepsWith<FlowRepo>, accountSid: string, sid: string): Promise<FlowWithRevision> => {
  const flow = await findFlow(deps.store, accountSid, sid);
  return { flow, revision: await findRevision(deps.store, flow, flow.latestRevision) };
};

export const listFlows = (deps: DepsWith<FlowRepo>, accountSid: string, page: PageRequest): Promise<Page<Flow>> =>
  deps.store.listFlows(accountSid, page);

export const listFlowRevisions = async (deps: DepsWith<FlowRepo>, accountSid: string, sid: string, page: PageRequest): Promise<Page<FlowRevision>> => {
  const flow = await findFlow(deps.store, accountSid, sid);
  return deps.store.listFlowRevisions(accountSid, flow.sid, page);
};

/** A revision number from a path or a parameter: a whole number from 1. */
export const revisionNumber = (name: string, value: string): number => {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw invalidParameter(name, 'Expected a revision number (1, 2, ...).');
  return Number(value);
};

export const fetchFlowRevision = async (deps: DepsWith<FlowRepo>, accountSid: string, sid: string, revision: number): Promise<FlowWithRevision> => {
  const flow = await findFlow(deps.store, accountSid, sid);
  return { flow, revision: await findRevision(deps.store, flow, revision) };
};
