// Where a call stands in a flow while it waits: a menu waiting for a key (which try), a dial waiting for
// its outcome (which number of a sequence), a voicemail being recorded. Written into the node part of a
// `masq-flow:` continuation URL as `{node}#{wait}` (node ids never hold '#'), so the step callback that
// comes back names exactly where to resume.

export type FlowPosition =
  /** At a node, from its start. */
  | { readonly kind: 'node'; readonly node: string }
  /** A menu's Gather answered with keys (`Digits`), on try `attempt` (0 = the first). */
  | { readonly kind: 'menu-input'; readonly node: string; readonly attempt: number }
  /** A menu's Gather timed out without keys (the Redirect after it). */
  | { readonly kind: 'menu-silence'; readonly node: string; readonly attempt: number }
  /** A dial ended (`DialCallStatus`): number `index` of a sequential forward, or null for all at once. */
  | { readonly kind: 'dial'; readonly node: string; readonly index: number | null }
  /** A voicemail's Record ended with a recording. */
  | { readonly kind: 'recorded'; readonly node: string };

export const positionKey = (p: FlowPosition): string => {
  switch (p.kind) {
    case 'node':
      return p.node;
    case 'menu-input':
      return `${p.node}#input.${p.attempt}`;
    case 'menu-silence':
      return `${p.node}#silence.${p.attempt}`;
    case 'dial':
      return p.index === null ? `${p.node}#dial` : `${p.node}#dial.${p.index}`;
    case 'recorded':
      return `${p.node}#recorded`;
  }
};

const SMALL = /^(0|[1-9][0-9]{0,2})$/;

/** The position a continuation's node part names; null when it is not one masq wrote. */
export const readPosition = (key: string): FlowPosition | null => {
  const hash = key.indexOf('#');
  if (hash < 0) return key === '' ? null : { kind: 'node', node: key };
  const node = key.slice(0, hash);
  const [wait = '', count] = key.slice(hash + 1).split('.', 2);
  if (node === '') return null;
  if (count !== undefined && !SMALL.test(count)) return null;
  const n = count === undefined ? null : Number(count);
  if (wait === 'input' && n !== null) return { kind: 'menu-input', node, attempt: n };
  if (wait === 'silence' && n !== null) return { kind: 'menu-silence', node, attempt: n };
  if (wait === 'dial') return { kind: 'dial', node, index: n };
  if (wait === 'recorded' && n === null) return { kind: 'recorded', node };
  return null;
};
