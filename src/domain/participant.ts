export interface Participant {
  readonly sid: string;
  readonly sessionSid: string;
  readonly serviceSid: string;
  readonly accountSid: string;
  readonly friendlyName: string | null;
  /** The participant's real address: E.164, or a channel address such as whatsapp:+1... */
  readonly identifier: string;
  /** The number (or unmanaged channel address) this participant talks to. */
  readonly proxyIdentifier: string;
  /** PN sid of the proxy number; null for an unmanaged channel proxy identifier. */
  readonly proxyIdentifierSid: string | null;
  readonly dateDeleted: Date | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}
