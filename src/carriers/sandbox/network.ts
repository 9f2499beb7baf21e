// The simulated phone network: any address (E.164 or a channel address) is a virtual phone, created
// on first use, and each account has its own set of phones and calls. Everything lives in this process's
// memory and is bounded in count and in bytes (see sizes.ts): per phone (its oldest messages dropped),
// overall (the oldest message, call or phone behaviour dropped first), in phones (the least recently used
// forgotten) and in calls, so neither a long-running dev server nor a hostile caller can grow it without
// limit. A programmable call's interpreter state is kept with its call and counted and evicted with it.
import { DEFAULT_BEHAVIOUR, type PhoneBehaviour, type SandboxCall, type SandboxCallPatch, type SandboxMessage, type SandboxPhones, type SandboxProgram } from '../../ports/sandbox.ts';
import { behaviourBytes, callBytes, messageBytes, programBytes } from './sizes.ts';

export interface NetworkLimits {
  readonly messagesPerPhone: number;
  readonly phones: number;
  readonly calls: number;
  /** Bytes of messages one phone keeps. */
  readonly bytesPerPhone: number;
  /** Bytes of messages and calls the whole network keeps. */
  readonly bytes: number;
}

export const DEFAULT_LIMITS: NetworkLimits = {
  messagesPerPhone: 100, phones: 10_000, calls: 10_000, bytesPerPhone: 1024 * 1024, bytes: 32 * 1024 * 1024,
};

/** `+14155551212`, `14155551212` and ` +1 415 555 1212` name the same virtual phone. */
export const phoneKey = (address: string): string => {
  const trimmed = address.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (/^\+?\d+$/.test(compact)) return compact.startsWith('+') ? compact : `+${compact}`;
  return trimmed;
};

/** An account SID has a fixed shape without ':', so the pair cannot be ambiguous. */
const phoneId = (accountSid: string, address: string): string => `${accountSid}:${phoneKey(address)}`;

interface Kept<T> {
  readonly seq: number;
  readonly bytes: number;
  readonly value: T;
}

interface Phone {
  readonly messages: Kept<SandboxMessage>[];
  bytes: number;
}

interface StoredCall extends Kept<SandboxCall> {
  readonly accountSid: string;
  readonly program: SandboxProgram | null;
}

/** What the global age order points at: a phone's message (always that phone's oldest when reached), a call or a behaviour. */
type Ref =
  | { readonly kind: 'message'; readonly phone: string }
  | { readonly kind: 'call'; readonly sid: string }
  | { readonly kind: 'behaviour'; readonly phone: string };

export class SandboxNetwork implements SandboxPhones {
  readonly #limits: NetworkLimits;
  // Maps keep insertion order: re-inserting a phone on use makes the first key the least recently used,
  // and sequence numbers only grow, so the first key of #order is the oldest entry kept.
  readonly #phones = new Map<string, Phone>();
  readonly #calls = new Map<string, StoredCall>();
  readonly #behaviours = new Map<string, Kept<PhoneBehaviour>>();
  readonly #order = new Map<number, Ref>();
  #seq = 0;
  #bytes = 0;

  constructor(limits: Partial<NetworkLimits> = {}) {
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Bytes kept now (messages and calls, as sizes.ts counts them); never above the `bytes` limit. */
  bytesUsed(): number {
    return this.#bytes;
  }

  /** A message arrives at the virtual phone `message.to` of the account that owns the sending number. */
  deliver(accountSid: string, message: Omit<SandboxMessage, 'direction'>): void {
    this.#append(phoneId(accountSid, message.to), { ...message, direction: 'received' });
  }

  recordSent(accountSid: string, message: Omit<SandboxMessage, 'direction'>): void {
    this.#append(phoneId(accountSid, message.from), { ...message, direction: 'sent' });
  }

  messagesOf(accountSid: string, address: string): readonly SandboxMessage[] {
    return (this.#phones.get(phoneId(accountSid, address))?.messages ?? []).map((kept) => kept.value);
  }

  startCall(accountSid: string, call: Pick<SandboxCall, 'sid' | 'from' | 'to' | 'bridgedWith' | 'dateCreated'>): SandboxCall {
    const leg: SandboxCall = { ...call, status: 'ringing', answeredAt: null, endedAt: null, durationSeconds: null, heardLog: [], notes: [] };
    this.#storeCall(accountSid, leg, this.#nextSeq(), null);
    while (this.#calls.size > this.#limits.calls) {
      const oldest = this.#calls.values().next();
      if (oldest.done) break;
      this.#dropCall(oldest.value);
    }
    this.#enforceTotal();
    return leg;
  }

  findCall(accountSid: string, sid: string): SandboxCall | null {
    const stored = this.#calls.get(sid);
    return stored && stored.accountSid === accountSid ? stored.value : null;
  }

  /** The account a call leg belongs to, for the carrier bridging it (it knows only the leg's sid). */
  accountOfCall(sid: string): string | null {
    return this.#calls.get(sid)?.accountSid ?? null;
  }

  updateCall(accountSid: string, sid: string, patch: SandboxCallPatch): SandboxCall | null {
    const stored = this.#calls.get(sid);
    if (!stored || stored.accountSid !== accountSid) return null;
    const updated: SandboxCall = { ...stored.value, ...patch };
    this.#bytes -= stored.bytes;
    // Same sequence number: an update keeps the call's age (and its place in the eviction order).
    this.#storeCall(accountSid, updated, stored.seq, stored.program);
    this.#enforceTotal();
    return updated;
  }

  programOf(accountSid: string, sid: string): SandboxProgram | null {
    const stored = this.#calls.get(sid);
    return stored && stored.accountSid === accountSid ? stored.program : null;
  }

  setProgram(accountSid: string, sid: string, program: SandboxProgram | null): void {
    const stored = this.#calls.get(sid);
    if (!stored || stored.accountSid !== accountSid) return;
    this.#bytes -= stored.bytes;
    this.#storeCall(accountSid, stored.value, stored.seq, program);
    this.#enforceTotal();
  }

  behaviourOf(accountSid: string, address: string): PhoneBehaviour {
    return this.#behaviours.get(phoneId(accountSid, address))?.value ?? DEFAULT_BEHAVIOUR;
  }

  /** A new behaviour replaces the old one and counts as the newest entry (the last to be evicted). */
  setBehaviour(accountSid: string, address: string, behaviour: PhoneBehaviour): void {
    const id = phoneId(accountSid, address);
    this.#dropBehaviour(id);
    const bytes = behaviourBytes(id, behaviour);
    if (bytes > this.#limits.bytes) return;
    const seq = this.#nextSeq();
    this.#behaviours.set(id, { seq, bytes, value: behaviour });
    this.#order.set(seq, { kind: 'behaviour', phone: id });
    this.#bytes += bytes;
    while (this.#behaviours.size > this.#limits.phones) {
      const oldest = this.#behaviours.keys().next();
      if (oldest.done) break;
      this.#dropBehaviour(oldest.value);
    }
    this.#enforceTotal();
  }

  /** Few enough (bounded by `calls`) to scan: no per-phone index to keep in step with evictions. */
  callsOf(accountSid: string, address: string): readonly SandboxCall[] {
    const key = phoneKey(address);
    return [...this.#calls.values()]
      .filter((c) => c.accountSid === accountSid && (phoneKey(c.value.from) === key || phoneKey(c.value.to) === key))
      .sort((a, b) => a.seq - b.seq)
      .map((c) => c.value);
  }

  #nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  #storeCall(accountSid: string, call: SandboxCall, seq: number, program: SandboxProgram | null): void {
    const bytes = callBytes(call) + programBytes(program);
    this.#calls.set(call.sid, { seq, bytes, value: call, accountSid, program });
    this.#order.set(seq, { kind: 'call', sid: call.sid });
    this.#bytes += bytes;
  }

  #dropCall(stored: StoredCall): void {
    this.#calls.delete(stored.value.sid);
    this.#order.delete(stored.seq);
    this.#bytes -= stored.bytes;
  }

  #dropBehaviour(id: string): void {
    const kept = this.#behaviours.get(id);
    if (!kept) return;
    this.#behaviours.delete(id);
    this.#order.delete(kept.seq);
    this.#bytes -= kept.bytes;
  }

  #append(id: string, message: SandboxMessage): void {
    const bytes = messageBytes(message);
    // Larger than a whole phone's budget: it could never be kept without dropping itself.
    if (bytes > this.#limits.bytesPerPhone || bytes > this.#limits.bytes) return;
    const phone = this.#phones.get(id) ?? { messages: [], bytes: 0 };
    this.#phones.delete(id);
    this.#phones.set(id, phone);
    const seq = this.#nextSeq();
    phone.messages.push({ seq, bytes, value: message });
    phone.bytes += bytes;
    this.#bytes += bytes;
    this.#order.set(seq, { kind: 'message', phone: id });
    while (phone.messages.length > this.#limits.messagesPerPhone || phone.bytes > this.#limits.bytesPerPhone) this.#dropOldestOf(id, phone);
    while (this.#phones.size > this.#limits.phones) {
      const oldest = this.#phones.entries().next();
      if (oldest.done) break;
      this.#forgetPhone(...oldest.value);
    }
    this.#enforceTotal();
  }

  #dropOldestOf(id: string, phone: Phone): void {
    const oldest = phone.messages.shift();
    if (!oldest) return;
    phone.bytes -= oldest.bytes;
    this.#bytes -= oldest.bytes;
    this.#order.delete(oldest.seq);
    if (phone.messages.length === 0) this.#phones.delete(id);
  }

  #forgetPhone(id: string, phone: Phone): void {
    while (phone.messages.length > 0) this.#dropOldestOf(id, phone);
    this.#phones.delete(id);
  }

  /** Drops the oldest entries, messages, calls or behaviours alike, until the network is within its byte budget. */
  #enforceTotal(): void {
    while (this.#bytes > this.#limits.bytes) {
      const oldest = this.#order.entries().next();
      if (oldest.done) return;
      const [seq, ref] = oldest.value;
      if (ref.kind === 'behaviour') {
        const kept = this.#behaviours.get(ref.phone);
        if (kept && kept.seq === seq) this.#dropBehaviour(ref.phone);
        else this.#order.delete(seq);
        continue;
      }
      if (ref.kind === 'call') {
        const stored = this.#calls.get(ref.sid);
        if (stored) this.#dropCall(stored);
        else this.#order.delete(seq);
        continue;
      }
      const phone = this.#phones.get(ref.phone);
      if (phone && phone.messages[0]?.seq === seq) this.#dropOldestOf(ref.phone, phone);
      else this.#order.delete(seq);
    }
  }
}
