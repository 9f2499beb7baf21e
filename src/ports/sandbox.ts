// The sandbox carrier's simulated phone network, as the HTTP layer sees it: virtual phones and what
// they received. Inbound traffic from virtual phones (SMS into a proxy number, calls) will be added
// next to this, feeding the same routing use cases as real carriers' webhooks.

export interface SandboxMessage {
  /** The sandbox's message sid (SM...). */
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** Seen from the virtual phone: 'received' now; 'sent' once phones can send into proxy numbers. */
  readonly direction: 'received' | 'sent';
  readonly dateCreated: Date;
}

export interface SandboxPhones {
  /** Messages of one virtual phone, oldest first (bounded: the oldest are dropped). */
  messagesOf(address: string): readonly SandboxMessage[];
}
