// `masq numbers import` (POST /masq/v1/Numbers/Import): brings numbers a carrier account already holds
// into the caller's inventory, one page of the carrier's list per call, so a long import shows progress
// and a failure part-way loses nothing (the client asks for the page again; what was imported is skipped).
// Each number is pointed at masq (when asked) before its record is written: a number masq lists as
// imported either routes through masq or was never touched, never half-done.
import type { Account } from '../domain/account.ts';
import { AppError, invalidParameter } from '../domain/errors.ts';
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { placeOfNumber } from '../domain/numbering-plan/plan.ts';
import type { NumberPlace } from '../domain/numbering-plan/types.ts';
import { numberFacts, storedE164 } from '../domain/phone-number.ts';
import { CarrierSendError, type NumbersPort, type OwnedNumber, type OwnedPage } from '../ports/carrier.ts';
import { StoreConflict, type CostRepo, type InventoryRepo } from '../ports/store.ts';
import { billFirstLease } from './bill-leases.ts';
import type { DepsWith } from './deps.ts';
import { capabilitiesOn, inventoryRecord } from './inventory-records.ts';

export interface ImportRequest {
  /** The carrier account's configured name. */
  readonly carrier: string;
  /** The previous page's nextPageToken; null for the first page. */
  readonly pageToken: string | null;
  /** Set each number's voice and messaging webhooks at the carrier to masq's. */
  readonly pointAtMasq: boolean;
}

export interface ImportedNumber {
  readonly sid: string;
  readonly phoneNumber: string;
}

export interface SkippedNumber {
  readonly phoneNumber: string;
  readonly reason: string;
}

export interface ImportPage {
  readonly imported: readonly ImportedNumber[];
  readonly skipped: readonly SkippedNumber[];
  /** Opaque (the carrier's cursor); null after the last page. */
  readonly nextPageToken: string | null;
}

type Importing = DepsWith<InventoryRepo & CostRepo, 'clock' | 'ids' | 'carriers' | 'settings'>;
type Outcome = { readonly imported: ImportedNumber } | { readonly skipped: SkippedNumber };

/**
 * Carrier accounts belong to the installation, not to a tenant: a subaccount importing would claim the
 * operator's numbers for itself. Only a top-level account (the operator's) imports.
 */
const requireTopLevel = (caller: Account): void => {
  if (caller.ownerAccountSid !== null) {
    throw new AppError('unauthorized-operation', "Only a top-level account can import the numbers a carrier account holds: they belong to the installation's carrier accounts, not to a subaccount.");
  }
};

interface Source {
  /** The carrier account's name as configured (what the records name as their carrier). */
  readonly carrier: string;
  readonly numbers: NumbersPort;
}

const sourceOf = (deps: Importing, carrier: string): Source => {
  // Throws 80701 for a carrier account this installation does not run.
  const account = deps.carriers.get(carrier);
  if (!account.numbers) throw invalidParameter('Carrier', `The carrier account ${account.name} cannot list the numbers it holds.`);
  return { carrier: account.name, numbers: account.numbers };
};

const listPage = async ({ carrier, numbers }: Source, pageToken: string | null): Promise<OwnedPage> => {
  try {
    return await numbers.listOwned(pageToken);
  } catch (err) {
    // The cursor is the only parameter listOwned has: a refused one is a bad PageToken (Twilio's 21481).
    if (pageToken !== null && err instanceof AppError && err.code === 'parameter-invalid') {
      throw new AppError('page-token-invalid', `PageToken is not a page of the numbers carrier account ${carrier} holds.`);
    }
    if (err instanceof CarrierSendError) throw new AppError('downstream-rejected', `Carrier account ${carrier} could not list its numbers: ${err.message}`);
    throw err;
  }
};

/** Where the carrier says the number is, else where the numbering plan puts it (else its country: inventoryRecord). */
const placeOf = (owned: OwnedNumber, e164: string): NumberPlace | null => owned.place ?? placeOfNumber(e164);

const newRecord = (deps: Importing, accountSid: string, carrier: string, owned: OwnedNumber, e164: string): InventoryNumber =>
  inventoryRecord({
    sid: deps.ids.sid('phoneNumber'), accountSid, e164, state: 'active', origin: 'imported', carrier, carrierRef: owned.carrierRef,
    type: owned.type, place: placeOf(owned, e164), capabilities: capabilitiesOn(deps.carriers.get(carrier), e164, owned.capabilities), monthlyCost: owned.monthlyPrice,
    friendlyName: owned.friendlyName, now: deps.clock.now(),
  });

/** Why a live record's number is not imported; another account's is not named (accounts cannot probe each other). */
const liveReason = (live: InventoryNumber, accountSid: string): string =>
  live.accountSid === accountSid ? `already in your inventory as ${live.sid} (${live.state})` : 'already held in masq by another account';

const importOne = async (deps: Importing, accountSid: string, source: Source, pointAtMasq: boolean, owned: OwnedNumber): Promise<Outcome> => {
  const skip = (reason: string): Outcome => ({ skipped: { phoneNumber: owned.e164, reason } });
  const e164 = storedE164(owned.e164);
  if (e164 === null) return skip('not an E.164 number (short codes cannot be imported)');
  if (numberFacts(e164).isoCountry === null) return skip('masq cannot tell which country the number belongs to');
  const live = await deps.store.findLiveNumber(e164);
  if (live) return skip(liveReason(live, accountSid));
  if (pointAtMasq) {
    try {
      await source.numbers.pointAtMasq(owned.carrierRef);
    } catch (err) {
      // One number the carrier would not change is skipped; a configuration problem (AppError) stops the import.
      if (err instanceof CarrierSendError) return skip(`the carrier did not point it at masq: ${err.message}`);
      throw err;
    }
  }
  const record = newRecord(deps, accountSid, source.carrier, owned, e164);
  try {
    // Like a bought number, it joins a Proxy Service by its sid; its pool record is made then (add-pool-number.ts).
    // Its first lease period is billed with it (bill-leases.ts).
    await deps.store.transaction(async (tx) => {
      await tx.createInventoryNumber(record);
      await billFirstLease(deps, tx, record.sid);
    });
  } catch (err) {
    // Another request took it between the check and the write.
    if (err instanceof StoreConflict && err.kind === 'phone-number') return skip('already held in masq');
    throw err;
  }
  return { imported: { sid: record.sid, phoneNumber: e164 } };
};

export const importOwnedNumbers = async (deps: Importing, caller: Account, request: ImportRequest): Promise<ImportPage> => {
  requireTopLevel(caller);
  const source = sourceOf(deps, request.carrier);
  const page = await listPage(source, request.pageToken);
  const imported: ImportedNumber[] = [];
  const skipped: SkippedNumber[] = [];
  for (const owned of page.numbers) {
    const outcome = await importOne(deps, caller.sid, source, request.pointAtMasq, owned);
    if ('imported' in outcome) imported.push(outcome.imported);
    else skipped.push(outcome.skipped);
  }
  return { imported, skipped, nextPageToken: page.next };
};
