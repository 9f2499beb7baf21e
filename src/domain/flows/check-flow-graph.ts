// The checks of a flow as a whole, once every node reads: each reference names a node that exists, each
// node reached from a channel's entry serves that channel, and no loop runs without a wait. A loop back
// through a menu (the caller pressed a key) or after a dial (nobody answered) is a person's choice or the
// network's answer, and each turn of it is bounded per call (evaluate.ts); a loop of routes, announcements
// or message actions alone would spin forever on one webhook, so it is refused here.
import { channelsOf, type FlowChannel, type FlowNode } from './flow-document.ts';
import { pointerOf, type Problems } from './flow-fields.ts';

export interface Edge {
  readonly to: string;
  readonly pointer: string;
  /** Taken at once (a route's choice, the next action); false when taken only after the call waited. */
  readonly immediate: boolean;
}

export interface Entry {
  readonly node: string;
  readonly pointer: string;
}

const nodePointer = (id: string, ...more: readonly (string | number)[]): string => pointerOf('/nodes', id, ...more);

export const edgesOf = (id: string, node: FlowNode): Edge[] => {
  const edge = (to: string | null, immediate: boolean, ...at: readonly (string | number)[]): Edge[] =>
    (to === null ? [] : [{ to, pointer: nodePointer(id, ...at), immediate }]);
  switch (node.type) {
    case 'route':
      return [...node.rules.flatMap((rule, i) => edge(rule.next, true, 'rules', i, 'next')), ...edge(node.otherwise, true, 'otherwise')];
    case 'menu':
      return [
        ...[...node.options].flatMap(([key, to]) => edge(to, false, 'options', key)),
        ...edge(node.invalid, false, 'invalid'),
        ...edge(node.noInput, false, 'noInput'),
      ];
    case 'forward':
    case 'sip':
      return edge(node.next, false, 'next');
    case 'say':
    case 'forward-message':
    case 'webhook-message':
    case 'email-message':
    case 'reply':
      return edge(node.next, true, 'next');
    case 'voicemail':
    case 'reject':
    case 'hangup':
    case 'webhook':
      return [];
  }
};

const checkReferences = (nodes: ReadonlyMap<string, FlowNode>, ids: ReadonlySet<string>, entries: readonly Entry[], problems: Problems): void => {
  for (const entry of entries) {
    if (!ids.has(entry.node)) problems.add(entry.pointer, `unknown node "${entry.node}"`);
  }
  for (const [id, node] of nodes) {
    for (const edge of edgesOf(id, node)) {
      if (!ids.has(edge.to)) problems.add(edge.pointer, `unknown node "${edge.to}"`);
    }
  }
};

const checkChannel = (nodes: ReadonlyMap<string, FlowNode>, channel: FlowChannel, entry: Entry, problems: Problems): void => {
  const seen = new Set<string>();
  const queue = [entry.node];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = nodes.get(id);
    if (seen.has(id) || node === undefined) continue;
    seen.add(id);
    if (!channelsOf(node.type).includes(channel)) {
      const what = channel === 'voice' ? 'calls' : 'messages';
      problems.add(nodePointer(id, 'type'), `a "${node.type}" node cannot handle ${what}, and ${what} reach it from ${entry.pointer}`);
    }
    queue.push(...edgesOf(id, node).map((e) => e.to));
  }
};

/** Depth-first over immediate edges; an edge back to a node on the current path closes a loop. */
const checkLoops = (nodes: ReadonlyMap<string, FlowNode>, problems: Problems): void => {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string): void => {
    const node = nodes.get(id);
    if (node === undefined || done.has(id)) return;
    path.push(id);
    for (const edge of edgesOf(id, node).filter((e) => e.immediate)) {
      const back = path.indexOf(edge.to);
      if (back >= 0) {
        const loop = [...path.slice(back), edge.to].join(' -> ');
        problems.add(edge.pointer, `loop without a wait: ${loop} (a loop must pass through a menu or a forward)`);
      } else {
        visit(edge.to);
      }
    }
    path.pop();
    done.add(id);
  };
  for (const id of nodes.keys()) visit(id);
};

/** `nodes`: those that read; `ids`: every id in the document (a node with problems of its own is not unknown). */
export const checkFlowGraph = (
  nodes: ReadonlyMap<string, FlowNode>, ids: ReadonlySet<string>, entries: Readonly<Record<FlowChannel, Entry | null>>, problems: Problems,
): void => {
  const given = [entries.voice, entries.message].filter((e): e is Entry => e !== null);
  checkReferences(nodes, ids, given, problems);
  for (const channel of ['voice', 'message'] as const) {
    const entry = entries[channel];
    if (entry !== null && nodes.has(entry.node)) checkChannel(nodes, channel, entry, problems);
  }
  checkLoops(nodes, problems);
};
