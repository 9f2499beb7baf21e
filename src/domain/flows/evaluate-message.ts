// The flow evaluator for a message: from the message entry, every node it takes (routes choose, actions
// chain through `next`) and the actions to carry out, in order. Nothing waits on a message, so one walk
// decides everything; carrying the actions out (sending, posting, mailing) is app/flows/flow-message.ts's.
import { chooseRoute } from './evaluate.ts';
import type { RouteFacts } from './conditions.ts';
import type { FlowDocument, FlowNodeType } from './flow-document.ts';

/** A message walks at most this many nodes (the document's checks already refuse loops). */
export const MAX_FLOW_STEPS_PER_MESSAGE = 50;

export type MessageAction =
  | { readonly kind: 'reply'; readonly text: string }
  | { readonly kind: 'forward'; readonly to: string }
  | { readonly kind: 'webhook'; readonly url: string }
  | { readonly kind: 'email'; readonly to: readonly string[]; readonly subject: string | null };

export interface TakenMessageStep {
  readonly node: string;
  readonly type: FlowNodeType;
  readonly why: string;
  readonly actions: readonly MessageAction[];
}

export interface MessageStep {
  readonly taken: readonly TakenMessageStep[];
  readonly actions: readonly MessageAction[];
  readonly error: string | null;
}

const done = (taken: TakenMessageStep[], error: string | null = null): MessageStep => ({ taken, actions: taken.flatMap((t) => t.actions), error });

export const messageStep = (doc: FlowDocument, facts: RouteFacts): MessageStep => {
  const taken: TakenMessageStep[] = [];
  if (doc.entries.message === null) return done(taken, 'the flow does not handle messages (no "message" entry)');
  let why = 'the message entry';
  for (let id: string | null = doc.entries.message; id !== null; why = 'next') {
    if (taken.length >= MAX_FLOW_STEPS_PER_MESSAGE) return done(taken, `the message went through more than ${MAX_FLOW_STEPS_PER_MESSAGE} flow steps`);
    const node = doc.nodes.get(id);
    if (node === undefined) return done(taken, `the flow has no node "${id}"`);
    const step = (action: MessageAction, next: string | null): string | null => {
      taken.push({ node: id ?? '', type: node.type, why, actions: [action] });
      return next;
    };
    switch (node.type) {
      case 'route': {
        const choice = chooseRoute(node, facts);
        taken.push({ node: id, type: 'route', why: choice.why, actions: [] });
        id = choice.next;
        break;
      }
      case 'reply':
        id = step({ kind: 'reply', text: node.text }, node.next);
        break;
      case 'forward-message':
        id = step({ kind: 'forward', to: node.to }, node.next);
        break;
      case 'webhook-message':
        id = step({ kind: 'webhook', url: node.url }, node.next);
        break;
      case 'email-message':
        id = step({ kind: 'email', to: node.to, subject: node.subject }, node.next);
        break;
      default:
        return done(taken, `node "${id}" is a "${node.type}" node, which handles calls, not messages`);
    }
  }
  return done(taken);
};
