// The masq the SMPP suites run against (masking.test.ts with the in-process SMSC, perl-smsc.test.ts with
// the Net::SMPP one, message-interactions.test.ts with two instances): on a database of its own, an SMPP
// account `smsc` bound to the suite's SMSC, and a service with two masked sessions: Alice on a sandbox
// number with Dave on an SMPP number, and Bob and Carol each on an SMPP number.
import assert from 'node:assert/strict';
import { SMPP_SETTINGS } from '../../../src/carriers/smpp/settings.ts';
import type { CarrierAccountSettings } from '../../../src/domain/carrier-settings.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { list, seedService, startApi, str, type Api, type Response } from '../../api/support.ts';
import { accountsLoader } from '../../support/carrier-settings.ts';
import { suiteDatabaseUrl, type TestDatabase } from '../../support/stores.ts';

export const CREDENTIALS = { systemId: 'masq', password: 'secret' };
export const ACCOUNT = 'smsc';
export const ALICE = '+14155550101';
export const DAVE = '+14155550303';
export const BOB = '+14155550404';
export const CAROL = '+14155550505';
export const SANDBOX_NUMBER = '+14155551212';
export const SMPP_1 = '+14155557001';
export const SMPP_2 = '+14155557002';

/** The sessions every world has, by unique name. */
const SESSION_NAMES = ['sandbox-and-smpp', 'smpp-and-smpp'] as const;
export type SessionName = (typeof SESSION_NAMES)[number];
/** Each session's participants: identifier and proxy number. */
const SESSIONS: Readonly<Record<SessionName, readonly (readonly [string, string])[]>> = {
  'sandbox-and-smpp': [[ALICE, SANDBOX_NUMBER], [DAVE, SMPP_1]],
  'smpp-and-smpp': [[BOB, SMPP_1], [CAROL, SMPP_2]],
};

/** The address as an SMSC writes it with TON 1: the digits without the plus. */
export const digits = (e164: string): string => e164.slice(1);

/** The `smsc` account's settings, as MASQ_CARRIERS would give them; `more` adds or replaces keys. */
export const smppAccounts = (port: number, more: Readonly<Record<string, string>> = {}): readonly CarrierAccountSettings[] => accountsLoader(SMPP_SETTINGS).load([{
  type: 'smpp', name: ACCOUNT, host: '127.0.0.1', port: String(port), systemId: CREDENTIALS.systemId, password: CREDENTIALS.password,
  messageIdFormat: 'hex', enquireLinkMs: '1000', leaseMs: '1500', ...more,
}]);

export const eventually = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Whether this instance holds the bind and it is up. */
export const linkReady = (runtime: Runtime): boolean => runtime.deps.carriers.find(ACCOUNT)?.link?.ready() ?? false;

export interface SmppWorld {
  readonly db: TestDatabase;
  readonly api: Api;
  readonly serviceSid: string;
  /** The session's sid. */
  session(name: SessionName): string;
  /** The participant's sid (each identifier is in one session). */
  participant(identifier: string): string;
  /** The session's interactions, as the API lists them. */
  interactions(name: SessionName): Promise<Record<string, unknown>[]>;
  /** POST .../Participants/{KP}/MessageInteractions to `identifier`, through `api` (another instance's, say). */
  messageTo(identifier: string, body: string, api?: Pick<Api, 'post'>): Promise<Response>;
  /** Stops masq (what is still running of it) and throws the database away. */
  close(): Promise<void>;
}

/**
 * masq on a fresh database with the `smsc` account at `port` (`settings` add to its keys), bound, with the
 * service and sessions set up through the API. The SMSC is the suite's to start and stop.
 */
export const startSmppWorld = async (dialect: 'sqlite' | 'postgres', port: number, settings: Readonly<Record<string, string>> = {}): Promise<SmppWorld> => {
  const db = await suiteDatabaseUrl(dialect);
  let api: Api | null = null;
  try {
    // Callbacks may go to a suite's receiver on loopback.
    api = await startApi({ config: { databaseUrl: db.url, carrierAccounts: smppAccounts(port, settings), callbackAllowPrivate: true } });
    return await setUp(db, api);
  } catch (err) {
    await api?.close().catch(() => undefined);
    await db.drop();
    throw err;
  }
};

const setUp = async (db: TestDatabase, api: Api): Promise<SmppWorld> => {
  await eventually(() => linkReady(api.runtime), 'the bind');
  const { sid: serviceSid, numbers } = await seedService(api, 'smpp', [SANDBOX_NUMBER, SMPP_1, SMPP_2]);
  for (const numberSid of numbers.slice(1)) {
    const moved = await api.post(`/masq/v1/PhoneNumbers/${numberSid}`, { Carrier: ACCOUNT });
    assert.equal(moved.json.carrier, ACCOUNT, moved.body);
  }
  const sessions = new Map<SessionName, string>();
  const participants = new Map<string, { readonly session: string; readonly sid: string }>();
  for (const name of SESSION_NAMES) {
    const session = str((await api.post(`/v1/Services/${serviceSid}/Sessions`, { UniqueName: name })).json, 'sid');
    sessions.set(name, session);
    for (const [identifier, proxy] of SESSIONS[name]) {
      const added = await api.post(`/v1/Services/${serviceSid}/Sessions/${session}/Participants`, { Identifier: identifier, ProxyIdentifier: proxy });
      assert.equal(added.status, 201, added.body);
      participants.set(identifier, { session, sid: str(added.json, 'sid') });
    }
  }
  const sessionOf = (name: SessionName): string => sessions.get(name) ?? assert.fail(`no session ${name}`);
  const participantOf = (identifier: string) => participants.get(identifier) ?? assert.fail(`no participant ${identifier}`);
  return {
    db, api, serviceSid,
    session: sessionOf,
    participant: (identifier) => participantOf(identifier).sid,
    interactions: async (name) => list((await api.get(`/v1/Services/${serviceSid}/Sessions/${sessionOf(name)}/Interactions`)).json, 'interactions'),
    messageTo: (identifier, body, through = api) => {
      const { session, sid } = participantOf(identifier);
      return through.post(`/v1/Services/${serviceSid}/Sessions/${session}/Participants/${sid}/MessageInteractions`, { Body: body });
    },
    close: async () => {
      try {
        // A suite may have closed the runtime already (a takeover): what is left closes quietly.
        await api.close().catch(() => undefined);
      } finally {
        await db.drop();
      }
    },
  };
};
