export interface Account {
  readonly sid: string;
  readonly friendlyName: string;
  readonly authToken: string;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/**
 * An API key (SK...) authenticates as its account with its own secret. Only a salted hash of the
 * secret is kept (see api-key-secret.ts): the secret itself is shown once, in the create response.
 */
export interface ApiKey {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string | null;
  readonly secretSalt: string;
  readonly secretHash: string;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}
