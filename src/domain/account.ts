export interface Account {
  readonly sid: string;
  readonly friendlyName: string;
  readonly authToken: string;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/** An API key (SK...) authenticates as its account with its own secret. */
export interface ApiKey {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string | null;
  readonly secret: string;
  readonly dateCreated: Date;
}
