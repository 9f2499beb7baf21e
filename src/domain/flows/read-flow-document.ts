// A flow document as sent (JSON text) -> the typed document, or every problem found, each with the JSON
// Pointer of the bad field (`/nodes/menu/options/1: unknown node "sales"`). Pure; nothing is saved here.
//
//   { "version": 1,
//     "start": "main"  |  { "voice": "main", "message": "texts" },
//     "nodes": { "<id>": { "type": "...", ... }, ... } }
//
// The object form of `start` names each channel's entry and leaves out a channel the flow does not handle.
// A `start` string is short for it: the entry of messages when its node is a message action, of calls
// otherwise (a route or a call action); a flow that routes both channels names both.
import { checkFlowGraph, type Entry } from './check-flow-graph.ts';
import { channelsOf, FLOW_DOCUMENT_VERSION, FLOW_LIMITS, NODE_ID, type FlowChannel, type FlowDocument, type FlowNode } from './flow-document.ts';
import { FieldReader, isJsonObject, jsonKind, pointerOf, Problems, type FlowProblem } from './flow-fields.ts';
import { readNode } from './read-nodes.ts';

export type FlowReadResult =
  | { readonly kind: 'ok'; readonly document: FlowDocument }
  | { readonly kind: 'invalid'; readonly problems: readonly FlowProblem[] };

type Entries = Readonly<Record<FlowChannel, Entry | null>>;

const readEntries = (r: FieldReader, nodes: ReadonlyMap<string, FlowNode>): Entries | undefined => {
  const value = r.raw('start');
  if (typeof value === 'string' && value !== '') {
    const entry = { node: value, pointer: '/start' };
    const type = nodes.get(value)?.type;
    const forMessages = type !== undefined && type !== 'route' && channelsOf(type).includes('message');
    return forMessages ? { voice: null, message: entry } : { voice: entry, message: null };
  }
  if (!isJsonObject(value)) {
    r.problem('start', value === undefined ? 'required' : `expected a node id, or {"voice": id, "message": id}, got ${jsonKind(value)}`);
    return undefined;
  }
  const s = new FieldReader(value, '/start', r.problems, ['voice', 'message']);
  const voice = s.nodeRef('voice', false);
  const message = s.nodeRef('message', false);
  if (voice === undefined || message === undefined) return undefined;
  if (voice === null && message === null) {
    r.problem('start', 'give "voice", "message" or both');
    return undefined;
  }
  return {
    voice: voice === null ? null : { node: voice, pointer: '/start/voice' },
    message: message === null ? null : { node: message, pointer: '/start/message' },
  };
};

interface ReadNodes {
  /** The nodes that read without a problem. */
  readonly nodes: Map<string, FlowNode>;
  /** Every id the document has, read or not: a reference to a node with problems is not also "unknown". */
  readonly ids: ReadonlySet<string>;
  readonly complete: boolean;
}

const readNodes = (r: FieldReader): ReadNodes | undefined => {
  const value = r.raw('nodes');
  if (!isJsonObject(value)) {
    r.problem('nodes', value === undefined ? 'required' : `expected an object of nodes by id, got ${jsonKind(value)}`);
    return undefined;
  }
  const ids = Object.keys(value);
  if (ids.length === 0 || ids.length > FLOW_LIMITS.nodes) {
    r.problem('nodes', `expected 1 to ${FLOW_LIMITS.nodes} nodes, got ${ids.length}`);
    return undefined;
  }
  const nodes = new Map<string, FlowNode>();
  for (const [id, raw] of Object.entries(value)) {
    const at = pointerOf('/nodes', id);
    if (!NODE_ID.test(id)) {
      r.problems.add(at, 'a node id is 1 to 64 letters, digits, "_" or "-"');
      continue;
    }
    const node = readNode(raw, at, r.problems);
    if (node !== undefined) nodes.set(id, node);
  }
  return { nodes, ids: new Set(ids), complete: nodes.size === ids.length };
};

/** A parsed JSON value (a JSON request body's `Definition` object) as a flow document. */
export const readFlowValue = (value: unknown): FlowReadResult => {
  const problems = new Problems();
  if (!isJsonObject(value)) {
    problems.add('', `expected a JSON object {version, start, nodes}, got ${jsonKind(value)}`);
    return { kind: 'invalid', problems: problems.list };
  }
  const r = new FieldReader(value, '', problems, ['version', 'start', 'nodes', 'description']);
  if (r.raw('version') !== FLOW_DOCUMENT_VERSION) {
    r.problem('version', r.has('version') ? `unsupported version ${JSON.stringify(r.raw('version'))} (expected ${FLOW_DOCUMENT_VERSION})` : 'required');
  }
  r.string('description', { max: FLOW_LIMITS.textLength });
  const read = readNodes(r);
  const entries = readEntries(r, read?.nodes ?? new Map());
  // The nodes that read are checked as a graph even when others did not, so one bad node hides no other problem.
  if (entries !== undefined && read !== undefined) checkFlowGraph(read.nodes, read.ids, entries, problems);
  if (problems.list.length > 0 || entries === undefined || read === undefined || !read.complete) return { kind: 'invalid', problems: problems.list };
  return {
    kind: 'ok',
    document: { version: FLOW_DOCUMENT_VERSION, entries: { voice: entries.voice?.node ?? null, message: entries.message?.node ?? null }, nodes: read.nodes },
  };
};

/** The JSON text of a flow document, as stored and as a form's `Definition` sends it. */
export const readFlowDocument = (text: string): FlowReadResult => {
  if (new TextEncoder().encode(text).length > FLOW_LIMITS.documentBytes) {
    return { kind: 'invalid', problems: [{ pointer: '', message: `the document is larger than ${FLOW_LIMITS.documentBytes / 1024} KiB` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', problems: [{ pointer: '', message: `not JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  return readFlowValue(value);
};
