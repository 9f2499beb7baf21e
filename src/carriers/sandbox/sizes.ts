// What the sandbox charges against its memory budgets: an estimate, not a heap measurement, but one that
// grows with everything a caller controls (bodies, media URLs, heard text), so no request can make the
// sandbox keep more than its budget. Strings count 2 bytes a character (V8's two-byte strings, the worst
// case); a fixed overhead covers the object, its dates and the bookkeeping around it.
import type { CallLogEntry, PhoneBehaviour, SandboxCall, SandboxMessage, SandboxProgram } from '../../ports/sandbox.ts';

export const ENTRY_OVERHEAD_BYTES = 256;
/** A log line's object and date. */
export const LOG_ENTRY_OVERHEAD_BYTES = 64;

const textBytes = (parts: readonly (string | null)[]): number => parts.reduce((sum, part) => sum + 2 * (part?.length ?? 0), 0);

export const messageBytes = (message: SandboxMessage): number =>
  ENTRY_OVERHEAD_BYTES + textBytes([message.sid, message.from, message.to, message.body, ...message.mediaUrls]);

const logBytes = (log: readonly CallLogEntry[]): number => log.reduce((sum, entry) => sum + LOG_ENTRY_OVERHEAD_BYTES + 2 * entry.text.length, 0);

export const callBytes = (call: SandboxCall): number =>
  ENTRY_OVERHEAD_BYTES + textBytes([call.sid, call.from, call.to, call.bridgedWith]) + logBytes(call.heardLog) + logBytes(call.notes);

/** A programmable call's interpreter state: its verbs are the app's (its TwiML), so they count in full. */
export const programBytes = (program: SandboxProgram | null): number =>
  program === null ? 0 : ENTRY_OVERHEAD_BYTES + 2 * JSON.stringify(program).length;

export const behaviourBytes = (address: string, behaviour: PhoneBehaviour): number =>
  ENTRY_OVERHEAD_BYTES + textBytes([address, behaviour.onCall, behaviour.voicemail, ...behaviour.digits]);
