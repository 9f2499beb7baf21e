// The simulated phone network: any address (E.164 or a channel address) is a virtual phone, created
// on first use. Everything lives in this process's memory and is bounded twice over: per phone
// (oldest messages dropped) and in phones (the least recently used phone forgotten), so a long-running
// dev server cannot grow without limit.
import type { SandboxMessage, SandboxPhones } from '../../ports/sandbox.ts';

export interface NetworkLimits {
  readonly messagesPerPhone: number;
  readonly phones: number;
}

export const DEFAULT_LIMITS: NetworkLimits = { messagesPerPhone: 100, phones: 10_000 };

/** `+14155551212`, `14155551212` and ` +1 415 555 1212` name the same virtual phone. */
export const phoneKey = (address: string): string => {
  const trimmed = address.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (/^\+?\d+$/.test(compact)) return compact.startsWith('+') ? compact : `+${compact}`;
  return trimmed;
};

export class SandboxNetwork implements SandboxPhones {
  readonly #limits: NetworkLimits;
  // Map keeps insertion order: re-inserting on each use makes the first key the least recently used.
  readonly #inboxes = new Map<string, SandboxMessage[]>();

  constructor(limits: Partial<NetworkLimits> = {}) {
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** A message arrives at the virtual phone `message.to`. */
  deliver(message: SandboxMessage): void {
    this.#append(phoneKey(message.to), message);
  }

  messagesOf(address: string): readonly SandboxMessage[] {
    return [...(this.#inboxes.get(phoneKey(address)) ?? [])];
  }

  #append(key: string, message: SandboxMessage): void {
    const inbox = this.#inboxes.get(key) ?? [];
    this.#inboxes.delete(key);
    inbox.push(message);
    if (inbox.length > this.#limits.messagesPerPhone) inbox.splice(0, inbox.length - this.#limits.messagesPerPhone);
    this.#inboxes.set(key, inbox);
    if (this.#inboxes.size > this.#limits.phones) {
      const oldest = this.#inboxes.keys().next();
      if (!oldest.done) this.#inboxes.delete(oldest.value);
    }
  }
}
