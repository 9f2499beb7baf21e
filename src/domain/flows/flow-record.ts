// A masq flow as stored: the flow (its name, its latest revision) and every revision of its JSON
// document, kept forever so a number can stay on an older one and a call log names the one that ran.
// The document's own shape and its validation are domain/flows/ (flow-document.ts).

export interface Flow {
  /** `FW…` (domain/sid.ts flow), as Twilio Studio's flows. */
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string;
  /** The newest revision's number (1, 2, ...). */
  readonly latestRevision: number;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export interface FlowRevision {
  readonly flowSid: string;
  readonly accountSid: string;
  readonly revision: number;
  /** The validated document, as JSON text (stored as sent, re-read on use). */
  readonly definition: string;
  /** What changed, as the author said it (may be ''). */
  readonly commitMessage: string;
  readonly dateCreated: Date;
}
