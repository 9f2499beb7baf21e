// The call-log events a flow writes: one 'flow-step' per node taken (which node, and why: the rule that
// matched, the key pressed, the dial's outcome), and the events of the actions it carried out.
import type { NewTrafficEvent, TrafficEventKind } from '../../domain/programmable/traffic.ts';
import type { FlowNodeType } from '../../domain/flows/flow-document.ts';
import type { FlowPlace } from '../../domain/flows/evaluate.ts';

export interface TakenNode {
  readonly node: string;
  readonly type: FlowNodeType;
  readonly why: string;
}

export const flowStepEvent = (at: Date, place: FlowPlace, taken: TakenNode): NewTrafficEvent => ({
  at,
  kind: 'flow-step',
  detail: taken.node === '' ? `Flow ${place.flowSid} (revision ${place.revision}): ${taken.why}` : `Flow node "${taken.node}" (${taken.type}): ${taken.why}`,
  data: { flow: place.flowSid, revision: String(place.revision), node: taken.node, type: taken.type, why: taken.why },
});

export const event = (at: Date, kind: TrafficEventKind, detail: string, data: Readonly<Record<string, string>> = {}): NewTrafficEvent =>
  ({ at, kind, detail, data });

export const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
