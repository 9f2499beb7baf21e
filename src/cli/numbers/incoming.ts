// IncomingPhoneNumbers as the buy, list and release commands read them: paging through the 2010 envelope
// (next_page_uri is relative to the /api mount), finding a number by its E.164, and one table layout.
import { capabilitiesOf, isRecord, text, type JsonObject, type MasqClient } from './client.ts';
import { renderTable } from './table.ts';

/** Twilio's largest PageSize. */
const MAX_PAGE_SIZE = 1000;

export interface IncomingFilter {
  readonly phoneNumber?: string | undefined;
  readonly friendlyName?: string | undefined;
}

/** Up to `limit` of the account's numbers, in the API's order, following next_page_uri. */
export const listIncoming = async (client: MasqClient, filter: IncomingFilter, limit: number): Promise<JsonObject[]> => {
  const query = new URLSearchParams({ PageSize: String(Math.min(limit, MAX_PAGE_SIZE)) });
  if (filter.phoneNumber !== undefined) query.set('PhoneNumber', filter.phoneNumber);
  if (filter.friendlyName !== undefined) query.set('FriendlyName', filter.friendlyName);
  const rows: JsonObject[] = [];
  let url: string | null = client.accountUrl('/IncomingPhoneNumbers.json', query);
  while (url !== null && rows.length < limit) {
    const page = await client.request('GET', url);
    const items = Array.isArray(page?.incoming_phone_numbers) ? page.incoming_phone_numbers.filter(isRecord) : [];
    rows.push(...items.slice(0, limit - rows.length));
    const next = page ? text(page, 'next_page_uri') : null;
    // An empty page with a next link would loop forever on a misbehaving server: stop there.
    url = next !== null && items.length > 0 ? client.apiUrl(next) : null;
  }
  return rows;
};

/** The PN SID of the account's number with exactly this E.164 (the PhoneNumber filter also matches parts). */
export const sidOfNumber = async (client: MasqClient, e164: string): Promise<string | null> => {
  const rows = await listIncoming(client, { phoneNumber: e164 }, MAX_PAGE_SIZE);
  const row = rows.find((r) => text(r, 'phone_number') === e164);
  return row ? text(row, 'sid') : null;
};

/**
 * A number's state: masq's lifecycle state (masq_lifecycle: active, quarantined...), else Twilio's status.
 * `state` and `carrier` are read too, for masq's own /masq/v1/Numbers records (--all-states).
 */
const stateOf = (row: JsonObject): string | null => text(row, 'masq_lifecycle') ?? text(row, 'state') ?? text(row, 'status');

export const incomingTable = (rows: readonly JsonObject[]): string => renderTable(
  ['SID', 'Phone number', 'Friendly name', 'State', 'Carrier', 'Capabilities'],
  rows.map((r) => [text(r, 'sid'), text(r, 'phone_number'), text(r, 'friendly_name'), stateOf(r), text(r, 'masq_carrier') ?? text(r, 'carrier'), capabilitiesOf(r)]),
);
