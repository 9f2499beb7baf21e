import type { SidKind } from '../domain/sid.ts';

export interface Ids {
  sid(kind: SidKind): string;
  /** An opaque random token (auth tokens, API key secrets, job ids). */
  token(bytes?: number): string;
}
