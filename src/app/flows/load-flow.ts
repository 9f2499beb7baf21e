// The flow document that answers a number (its pinned revision, or the flow's latest), and the document of
// a given revision (a call already under way keeps the revision it started with, even after a new save).
import type { FlowDocument } from '../../domain/flows/flow-document.ts';
import type { Flow, FlowRevision } from '../../domain/flows/flow-record.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { FlowRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { storedDocument } from './flow-definition.ts';

export interface LoadedFlow {
  readonly flow: Flow;
  readonly revision: FlowRevision;
  readonly document: FlowDocument;
}

/** The revision `revision` of the flow, read; null when the flow or that revision is gone. */
export const loadFlowRevision = async (deps: DepsWith<FlowRepo>, accountSid: string, flowSid: string, revision: number | null): Promise<LoadedFlow | null> => {
  const flow = await deps.store.findFlow(accountSid, flowSid);
  if (flow === null) return null;
  const found = await deps.store.findFlowRevision(accountSid, flowSid, revision ?? flow.latestRevision);
  return found === null ? null : { flow, revision: found, document: storedDocument(found.definition) };
};

/** The flow answering the number; null when it has none (or the flow is gone). */
export const loadFlowFor = (deps: DepsWith<FlowRepo>, number: InventoryNumber): Promise<LoadedFlow | null> => {
  const { flowSid, flowRevision } = number.config;
  return flowSid === null ? Promise.resolve(null) : loadFlowRevision(deps, number.accountSid, flowSid, flowRevision);
};
