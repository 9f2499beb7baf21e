// A real masq runtime (the app on it through inject(), the runtime's carrier links open) with a SIP carrier
// account listening on 127.0.0.1:<free port>, its trunk at 127.0.0.3:<another free port> where a SIPp
// callee listens, on a fresh SQLite file or PostgreSQL schema; a service whose pool holds the given numbers,
// each moved to the carrier account it names. The SIP suites and the cross-carrier suite start one each.
import assert from 'node:assert/strict';
import { SIP_SETTINGS } from '../../src/carriers/sip/settings.ts';
import type { CarrierAccountSettings } from '../../src/domain/carrier-settings.ts';
import { BASE, list, seedService, startApi, str, type Api } from '../api/support.ts';
import { accountsLoader } from './carrier-settings.ts';
import { CALLEE_ADDRESS, CALLER_ADDRESS, freePort } from './sipp.ts';
import { suiteDatabaseUrl, type TestDatabase } from './stores.ts';

/** The SIP carrier account's name. */
export const SIP_ACCOUNT = 'trunk';
/** masq's SIP address: peers must be elsewhere on 127/8 (the `sip` library quirk, carriers.md §12). */
export const MASQ_SIP_ADDRESS = '127.0.0.1';

export interface PoolNumber {
  readonly number: string;
  /** The carrier account it is moved to: the SIP account unless said otherwise. */
  readonly carrier?: string;
}

export interface SipMasqOptions {
  readonly dialect: 'sqlite' | 'postgres';
  readonly pool: readonly PoolNumber[];
  /** SIP account settings over the defaults below (e.g. ringTimeoutSeconds, trunkUsername). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Carrier accounts besides the SIP one (a Twilio account for the cross-carrier suite). */
  readonly otherAccounts?: readonly CarrierAccountSettings[];
}

export interface SipMasq {
  readonly api: Api;
  /** Where callers send their INVITEs: `127.0.0.1:<port>`. */
  readonly sipTarget: string;
  /** The trunk's port on CALLEE_ADDRESS: SIPp callees listen there. */
  readonly trunkPort: number;
  readonly serviceSid: string;
  /** A masked session with these (identifier, proxy number) participants; its sid and the participants' sids by identifier. */
  session(name: string, pairs: readonly (readonly [string, string])[]): Promise<{ sid: string; participants: Record<string, string> }>;
  interactions(sessionSid: string): Promise<Record<string, unknown>[]>;
  /** Waits until the session's interactions satisfy `done` (masq records statuses as the call goes). */
  interactionsWhen(sessionSid: string, done: (all: Record<string, unknown>[]) => boolean, what: string, ms?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const eventually = async (check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const sipAccountSettings = (sipPort: number, trunkPort: number, numbers: readonly string[], overrides: Readonly<Record<string, string>>): CarrierAccountSettings[] =>
  [...accountsLoader(SIP_SETTINGS).load([{
    type: 'sip', name: SIP_ACCOUNT,
    listenAddress: MASQ_SIP_ADDRESS, listenPort: String(sipPort), transports: 'udp,tcp',
    allowedPeers: `${CALLER_ADDRESS},${CALLEE_ADDRESS}`,
    trunk: `${CALLEE_ADDRESS}:${trunkPort}`, trunkTransport: 'udp',
    numbers: numbers.join(','), country: 'US', ringTimeoutSeconds: '60', leaseMs: '3000',
    ...overrides,
  }])];

export const startSipMasq = async (options: SipMasqOptions): Promise<SipMasq> => {
  const sipPort = await freePort(MASQ_SIP_ADDRESS);
  const trunkPort = await freePort(CALLEE_ADDRESS);
  const sipNumbers = options.pool.filter((p) => (p.carrier ?? SIP_ACCOUNT) === SIP_ACCOUNT).map((p) => p.number);
  const db: TestDatabase = await suiteDatabaseUrl(options.dialect);
  const carrierAccounts = [...sipAccountSettings(sipPort, trunkPort, sipNumbers, options.settings ?? {}), ...(options.otherAccounts ?? [])];
  let api: Api;
  try {
    api = await startApi({ config: { databaseUrl: db.url, publicUrl: BASE, carrierAccounts } });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const started = api;
  await eventually(() => started.runtime.deps.carriers.find(SIP_ACCOUNT)?.link?.ready() ?? false, 'the SIP account to listen');
  const { sid: serviceSid, numbers: numberSids } = await seedService(api, `sip-${options.dialect}`, options.pool.map((p) => p.number));
  for (const [index, entry] of options.pool.entries()) {
    const moved = await api.post(`/masq/v1/PhoneNumbers/${numberSids[index] ?? ''}`, { Carrier: entry.carrier ?? SIP_ACCOUNT });
    assert.equal(moved.status, 200, moved.body);
  }
  const interactions = async (sessionSid: string) =>
    list((await started.get(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Interactions`)).json, 'interactions');
  return {
    api, serviceSid, trunkPort,
    sipTarget: `${MASQ_SIP_ADDRESS}:${sipPort}`,
    session: async (name, pairs) => {
      const created = await started.post(`/v1/Services/${serviceSid}/Sessions`, { UniqueName: name });
      assert.equal(created.status, 201, created.body);
      const sid = str(created.json, 'sid');
      const participants: Record<string, string> = {};
      for (const [identifier, proxy] of pairs) {
        const added = await started.post(`/v1/Services/${serviceSid}/Sessions/${sid}/Participants`, { Identifier: identifier, ProxyIdentifier: proxy });
        assert.equal(added.status, 201, added.body);
        participants[identifier] = str(added.json, 'sid');
      }
      return { sid, participants };
    },
    interactions,
    interactionsWhen: async (sessionSid, done, what, ms = 15_000) => {
      let last: Record<string, unknown>[] = [];
      const until = Date.now() + ms;
      for (;;) {
        last = await interactions(sessionSid);
        if (done(last)) return last;
        if (Date.now() > until) assert.fail(`timed out waiting for ${what}; the session's interactions: ${JSON.stringify(last, null, 1)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: async () => {
      await started.close();
      await db.drop();
    },
  };
};

/** An interaction's `data` JSON as an object ({} when empty). */
export const interactionData = (interaction: Record<string, unknown> | undefined): Record<string, unknown> => {
  const data = interaction?.data;
  if (typeof data !== 'string') return {};
  const parsed: unknown = JSON.parse(data);
  return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
};
