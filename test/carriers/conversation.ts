// Two people in a masq session, set up through masq's API as an operator would: a service, its pool
// numbers put on carrier accounts (POST /masq/v1/PhoneNumbers/{Sid} Carrier=...), and a session in which
// each person is given a named proxy number. Plus the session's interaction log, as the API shows it.
import { list, str } from '../api/support.ts';
import type { HttpReply } from './drivers/driver.ts';
import type { Masq } from './harness.ts';

export const ALICE = '+14155550101';
export const BOB = '+14155550202';
/** The proxy numbers Alice and Bob are given. */
export const ALICE_PROXY = '+14155551212';
export const BOB_PROXY = '+14155553434';

export interface Party {
  readonly identifier: string;
  readonly proxy: string;
}

export interface Conversation {
  readonly service: string;
  readonly session: string;
  readonly alice: Party;
  readonly bob: Party;
}

const expect = (reply: HttpReply, status: number, what: string): HttpReply => {
  if (reply.status !== status) throw new Error(`${what}: masq answered ${reply.status}: ${reply.body}`);
  return reply;
};

/** Adds `number` to the service's pool and puts it on the carrier account `carrier`. */
const addNumber = async (masq: Masq, service: string, number: string, carrier: string): Promise<void> => {
  const added = expect(await masq.api('POST', `/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: number }), 201, `adding ${number}`);
  const sid = str(added.json, 'sid');
  const moved = expect(await masq.api('POST', `/masq/v1/PhoneNumbers/${sid}`, { Carrier: carrier }), 200, `putting ${number} on ${carrier}`);
  if (moved.json.carrier !== carrier) throw new Error(`${number} is on ${String(moved.json.carrier)}, not ${carrier}`);
};

/**
 * Alice's proxy number on `aliceCarrier`, Bob's on `bobCarrier` (account names): traffic Alice sends
 * arrives through her number's carrier, and what reaches Bob leaves through his number's.
 */
export const startConversation = async (masq: Masq, aliceCarrier: string, bobCarrier: string): Promise<Conversation> => {
  const service = str(expect(await masq.api('POST', '/v1/Services', { UniqueName: 'contract' }), 201, 'creating the service').json, 'sid');
  await addNumber(masq, service, ALICE_PROXY, aliceCarrier);
  await addNumber(masq, service, BOB_PROXY, bobCarrier);
  const session = str(expect(await masq.api('POST', `/v1/Services/${service}/Sessions`, { UniqueName: 'contract' }), 201, 'creating the session').json, 'sid');
  const join = async (identifier: string, proxy: string): Promise<Party> => {
    const path = `/v1/Services/${service}/Sessions/${session}/Participants`;
    const joined = expect(await masq.api('POST', path, { Identifier: identifier, ProxyIdentifier: proxy }), 201, `adding ${identifier}`);
    if (joined.json.proxy_identifier !== proxy) throw new Error(`${identifier} was given ${String(joined.json.proxy_identifier)}, not ${proxy}`);
    return { identifier, proxy };
  };
  return { service, session, alice: await join(ALICE, ALICE_PROXY), bob: await join(BOB, BOB_PROXY) };
};

/** The session's interactions as the API lists them. */
export const interactionsOf = async (masq: Masq, c: Conversation): Promise<Record<string, unknown>[]> => {
  const path = `/v1/Services/${c.service}/Sessions/${c.session}/Interactions?PageSize=100`;
  return list(expect(await masq.api('GET', path), 200, 'listing interactions').json, 'interactions');
};

/** The one interaction logged so far; throws when there is not exactly one. */
export const onlyInteraction = async (masq: Masq, c: Conversation): Promise<Record<string, unknown>> => {
  const all = await interactionsOf(masq, c);
  const [only] = all;
  if (all.length !== 1 || !only) throw new Error(`expected one interaction, found ${all.length}`);
  return only;
};

/** The `data` of an interaction ({"body": ...} for a message, {"duration": ...} for a call). */
export const dataOf = (interaction: Record<string, unknown>): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(String(interaction.data ?? '{}'));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
};
