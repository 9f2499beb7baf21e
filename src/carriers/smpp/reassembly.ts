// Concatenated mobile-originated messages put back together before they are routed: the parts name
// their message by a UDH concatenation element (IEI 0x00, 8-bit reference; IEI 0x08, 16-bit) or by the
// sar_ TLVs. The buffer is bounded (oldest message pushed out first) and a message whose parts stop
// coming is released after the timeout with the parts that did arrive, in order, rather than lost.
import type { DeliverSm, SarInfo } from './smpp-client.ts';

/** Which concatenated message a part belongs to, and where it goes; null for a whole message. */
export const concatenationOf = (pdu: Pick<DeliverSm, 'udh' | 'sar'>): SarInfo | null => {
  for (const element of pdu.udh) {
    if (element[0] === 0x00 && element.length >= 5) return { ref: element[2] ?? 0, total: element[3] ?? 0, seq: element[4] ?? 0 };
    if (element[0] === 0x08 && element.length >= 6) return { ref: ((element[2] ?? 0) << 8) | (element[3] ?? 0), total: element[4] ?? 0, seq: element[5] ?? 0 };
  }
  return pdu.sar;
};

/** `T` is what the caller keeps about each part (server mode: the receipt it owes the part's sender). */
export interface Reassembled<T = never> {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** The parts it was made of. */
  readonly parts: number;
  /** False when released by the timeout with parts missing. */
  readonly complete: boolean;
  /** The parts' tags, in the order the parts came. */
  readonly tags: readonly T[];
}

interface Pending<T> {
  readonly from: string;
  readonly to: string;
  readonly total: number;
  readonly firstAt: number;
  readonly parts: Map<number, string>;
  readonly tags: T[];
}

export interface ReassemblyOptions {
  readonly timeoutMs: number;
  readonly maxMessages: number;
  readonly now: () => number;
}

export interface Reassembler<T = never> {
  /** The whole message once this part completes it, else null (the part is kept). */
  add(part: { readonly from: string; readonly to: string; readonly text: string; readonly info: SarInfo; readonly tag?: T }): Reassembled<T> | null;
  /** Messages whose parts stopped coming (timed out) or that the bound pushed out. */
  expired(): readonly Reassembled<T>[];
}

const joined = <T>(p: Pending<T>, complete: boolean): Reassembled<T> => ({
  from: p.from, to: p.to, complete, parts: p.parts.size, tags: p.tags,
  text: [...p.parts.entries()].sort(([a], [b]) => a - b).map(([, text]) => text).join(''),
});

export const createReassembler = <T = never>(options: ReassemblyOptions): Reassembler<T> => {
  const pending = new Map<string, Pending<T>>();
  const overflow: Reassembled<T>[] = [];
  return {
    add: ({ from, to, text, info, tag }) => {
      const key = `${from}\u0000${to}\u0000${info.ref}\u0000${info.total}`;
      let message = pending.get(key);
      if (!message) {
        if (pending.size >= options.maxMessages) {
          const [oldestKey, oldest] = pending.entries().next().value ?? [];
          if (oldestKey !== undefined && oldest) {
            pending.delete(oldestKey);
            overflow.push(joined(oldest, false));
          }
        }
        message = { from, to, total: info.total, firstAt: options.now(), parts: new Map(), tags: [] };
        pending.set(key, message);
      }
      message.parts.set(info.seq, text);
      if (tag !== undefined) message.tags.push(tag);
      if (message.parts.size < message.total) return null;
      pending.delete(key);
      return joined(message, true);
    },
    expired: () => {
      const out = overflow.splice(0);
      const cutoff = options.now() - options.timeoutMs;
      for (const [key, message] of pending) {
        if (message.firstAt > cutoff) continue;
        pending.delete(key);
        out.push(joined(message, false));
      }
      return out;
    },
  };
};
