// The simulated phone network: any address (E.164 or a channel address) is a virtual phone, created
// on first use. Everything lives in this process's memory and is bounded twice over: per phone
// (oldest entries dropped) and in phones (the least recently used phone forgotten), so a long-running
// dev server cannot grow without limit.
import type { SandboxCall, SandboxCallPatch, SandboxMessage, SandboxPhones } from '../../ports/sandbox.ts';

export interface NetworkLimits {
  readonly messagesPerPhone: number;
  readonly phones: number;
}

export const DEFAULT_LIMITS: NetworkLimits = { messagesPerPhone: 100, phones: 10_000 };

/** Calls remembered by sid; older ones are forgotten first. */
const MAX_CALLS = 10_000;

/** `+14155551212`, `14155551212` and ` +1 415 555 1212` name the same virtual phone. */
export const phoneKey = (address: string): string => {
  const trimmed = address.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (/^\+?\d+$/.test(compact)) return compact.startsWith('+') ? compact : `+${compact}`;
  return trimmed;
};

/** A bounded, least-recently-used map of per-phone logs. */
class PhoneLogs<T> {
  // Map keeps insertion order: re-inserting on each use makes the first key the least recently used.
  readonly #logs = new Map<string, T[]>();
  constructor(readonly perPhone: number, readonly phones: number) {}

  append(key: string, entry: T): void {
    const log = this.#logs.get(key) ?? [];
    this.#logs.delete(key);
    log.push(entry);
    if (log.length > this.perPhone) log.splice(0, log.length - this.perPhone);
    this.#logs.set(key, log);
    if (this.#logs.size > this.phones) {
      const oldest = this.#logs.keys().next();
      if (!oldest.done) this.#logs.delete(oldest.value);
    }
  }

  of(key: string): readonly T[] {
    return [...(this.#logs.get(key) ?? [])];
  }
}

export class SandboxNetwork implements SandboxPhones {
  readonly #messages: PhoneLogs<SandboxMessage>;
  readonly #callLogs: PhoneLogs<string>;
  readonly #calls = new Map<string, SandboxCall>();

  constructor(limits: Partial<NetworkLimits> = {}) {
    const { messagesPerPhone, phones } = { ...DEFAULT_LIMITS, ...limits };
    this.#messages = new PhoneLogs(messagesPerPhone, phones);
    this.#callLogs = new PhoneLogs(messagesPerPhone, phones);
  }

  /** A message arrives at the virtual phone `message.to`. */
  deliver(message: Omit<SandboxMessage, 'direction'>): void {
    this.#messages.append(phoneKey(message.to), { ...message, direction: 'received' });
  }

  recordSent(message: Omit<SandboxMessage, 'direction'>): void {
    this.#messages.append(phoneKey(message.from), { ...message, direction: 'sent' });
  }

  messagesOf(address: string): readonly SandboxMessage[] {
    return this.#messages.of(phoneKey(address));
  }

  startCall(call: Pick<SandboxCall, 'sid' | 'from' | 'to' | 'bridgedWith' | 'dateCreated'>): SandboxCall {
    const leg: SandboxCall = { ...call, status: 'ringing', answeredAt: null, endedAt: null, durationSeconds: null, heard: null };
    this.#calls.set(leg.sid, leg);
    if (this.#calls.size > MAX_CALLS) {
      const oldest = this.#calls.keys().next();
      if (!oldest.done) this.#calls.delete(oldest.value);
    }
    this.#callLogs.append(phoneKey(leg.from), leg.sid);
    this.#callLogs.append(phoneKey(leg.to), leg.sid);
    return leg;
  }

  findCall(sid: string): SandboxCall | null {
    return this.#calls.get(sid) ?? null;
  }

  updateCall(sid: string, patch: SandboxCallPatch): SandboxCall | null {
    const current = this.#calls.get(sid);
    if (!current) return null;
    const updated = { ...current, ...patch };
    this.#calls.set(sid, updated);
    return updated;
  }

  callsOf(address: string): readonly SandboxCall[] {
    return this.#callLogs.of(phoneKey(address)).flatMap((sid) => {
      const call = this.#calls.get(sid);
      return call ? [call] : [];
    });
  }
}
