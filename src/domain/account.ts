// Accounts (tenants) and their API keys. An account is top level (configured, or bootstrapped by masq) or
// a subaccount owned by a top-level one (the 2010 Accounts resource, Twilio's subaccounts). Ownership is
// one level deep, as at Twilio: a subaccount owns none.

export const ACCOUNT_STATUSES = ['active', 'suspended', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface Account {
  readonly sid: string;
  readonly friendlyName: string;
  readonly authToken: string;
  /** The account that owns this subaccount; null for a top-level account. */
  readonly ownerAccountSid: string | null;
  /** Suspended: its credentials are refused (20005) until it is active again. Closed: for good (401). */
  readonly status: AccountStatus;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/** A top-level account as the operator provisions it: always active and owned by nobody. */
export type TopLevelAccount = Omit<Account, 'ownerAccountSid' | 'status'>;

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

export const isAccountStatus = (value: string): value is AccountStatus => ACCOUNT_STATUSES.some((s) => s === value);

/** The caller's own account or one it owns: what the Accounts resource shows it (any status). */
export const isInFamilyOf = (caller: Pick<Account, 'sid'>, target: Pick<Account, 'sid' | 'ownerAccountSid'>): boolean =>
  target.sid === caller.sid || target.ownerAccountSid === caller.sid;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Twilio's default name for a subaccount: `SubAccount Created at 2015-07-21 10:38 am` (UTC here). */
export const defaultSubaccountName = (now: Date): string => {
  const hour = now.getUTCHours();
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  const date = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
  return `SubAccount Created at ${date} ${pad(twelve)}:${pad(now.getUTCMinutes())} ${hour < 12 ? 'am' : 'pm'}`;
};

export interface AccountChange {
  readonly friendlyName?: string | undefined;
  readonly status?: AccountStatus | undefined;
}

/** Whether `change` would make `target` any different. */
export const changesAccount = (target: Account, change: AccountChange): boolean =>
  (change.friendlyName !== undefined && change.friendlyName !== target.friendlyName)
  || (change.status !== undefined && change.status !== target.status);

/**
 * Why `caller` may not make `change` to `target`, or null when it may. The caller is the target itself or
 * its owner (the route has checked that). The rules:
 * - a closed account is closed for good: nothing about it changes again (Twilio: it cannot be reopened);
 * - the status of a subaccount is its owner's to change, never the subaccount's own (a suspended
 *   subaccount could not lift its own suspension anyway: its credentials are refused);
 * - a top-level account's status does not change through the API at all: it is the installation's own
 *   account (MASQ_ACCOUNT_SID), and suspending or closing it would lock out the operator and, with it,
 *   every subaccount's manager. The operator retires it in configuration instead.
 * Renaming is open to the account itself and to its owner. A change that changes nothing is allowed.
 */
export const accountChangeRefusal = (caller: Pick<Account, 'sid'>, target: Account, change: AccountChange): string | null => {
  if (!changesAccount(target, change)) return null;
  const moves = change.status !== undefined && change.status !== target.status;
  if (target.status === 'closed') return 'A closed account cannot be changed or reopened.';
  if (!moves) return null;
  if (target.ownerAccountSid === null) return 'The status of a top-level account cannot be changed through the API.';
  if (target.ownerAccountSid !== caller.sid) return "Only the owner account can change a subaccount's status.";
  return null;
};

export type TransferRefusal = 'not-related' | 'not-parent';

/**
 * Whether a phone number may move from `from` to `to` when `callerSid` asks (Twilio's IncomingPhoneNumber
 * AccountSid update). Numbers move only within one family: between an account and its subaccounts, or
 * between two subaccounts of the same owner; an account outside it, or one not active, is 'not-related'
 * (21473). A subaccount acting with its own credentials may only give a number back to its owner;
 * moving it to a sibling is 'not-parent' (21474): that takes the owner's credentials.
 */
export const transferRefusal = (from: Account, to: Account, callerSid: string): TransferRefusal | null => {
  if (to.status !== 'active') return 'not-related';
  if (callerSid !== from.sid && callerSid !== from.ownerAccountSid) return 'not-related';
  if (to.sid === from.sid) return null;
  const related = to.sid === from.ownerAccountSid || to.ownerAccountSid === from.sid
    || (from.ownerAccountSid !== null && to.ownerAccountSid === from.ownerAccountSid);
  if (!related) return 'not-related';
  if (callerSid === from.sid && from.ownerAccountSid !== null && to.sid !== from.ownerAccountSid) return 'not-parent';
  return null;
};
