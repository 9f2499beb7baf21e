// What the sandbox charges against its memory budgets: an estimate, not a heap measurement, but one that
// grows with everything a caller controls (bodies, media URLs, heard text), so no request can make the
// sandbox keep more than its budget. Strings count 2 bytes a character (V8's two-byte strings, the worst
// case); a fixed overhead covers the object, its dates and the bookkeeping around it.
import type { SandboxCall, SandboxMessage } from '../../ports/sandbox.ts';

export const ENTRY_OVERHEAD_BYTES = 256;

const textBytes = (parts: readonly (string | null)[]): number => parts.reduce((sum, part) => sum + 2 * (part?.length ?? 0), 0);

export const messageBytes = (message: SandboxMessage): number =>
  ENTRY_OVERHEAD_BYTES + textBytes([message.sid, message.from, message.to, message.body, ...message.mediaUrls]);

export const callBytes = (call: SandboxCall): number =>
  ENTRY_OVERHEAD_BYTES + textBytes([call.sid, call.from, call.to, call.bridgedWith, call.heard]);
