// The bind: one SMPP account's connection to its SMSC while this instance holds it. It connects and
// binds (one transceiver, or a transmitter and a receiver), checks the peer with enquire_link, and after
// any loss reconnects with backoff (the npm library has no reconnect of its own). Sends and receipts
// go through submitter.ts and inbound.ts; this file only keeps the connection alive.
import type { CarrierLink, LinkHealth, LinkSink } from '../../ports/carrier.ts';
import { createInbound, type Inbound } from './inbound.ts';
import type { SmppAccountConfig } from './settings.ts';
import { openSmppConnection, SMPP_STATUS, type BindMode, type DeliverHandler, type SmppConnection } from './smpp-client.ts';
import { createSubmitter, type Submitter } from './submitter.ts';

export interface LinkTiming {
  /** First wait before reconnecting; doubled after each failure up to reconnectCapMs. */
  readonly reconnectBaseMs: number;
  readonly reconnectCapMs: number;
  /** How long a connect or a request waits for the SMSC before the connection is given up. */
  readonly responseTimeoutMs: number;
  /** How long parts of a concatenated MO are waited for. */
  readonly reassemblyTimeoutMs: number;
}

export const DEFAULT_TIMING: LinkTiming = { reconnectBaseMs: 1_000, reconnectCapMs: 60_000, responseTimeoutMs: 10_000, reassemblyTimeoutMs: 60_000 };

export interface SmppLink extends CarrierLink {
  readonly submitter: Submitter;
}

/** The waits between reconnects: base, doubled per failure, capped, shortened by up to a quarter (jitter). */
export const reconnectDelayMs = (timing: LinkTiming, failures: number, random: number): number =>
  Math.round(Math.min(timing.reconnectBaseMs * 2 ** Math.max(0, failures - 1), timing.reconnectCapMs) * (1 - 0.25 * random));

const bindModes = (config: SmppAccountConfig): readonly BindMode[] => (config.bindMode === 'transceiver' ? ['transceiver'] : ['transmitter', 'receiver']);

/**
 * Hands each deliver_sm to inbound while fewer than `limit` await their deliver_sm_resp; beyond it the
 * PDU is answered ESME_RTHROTTLED at once, so an SMSC pushing a burst keeps the rest and retries later
 * (SMPP 3.4) instead of masq queueing them all in memory. Receipts count too: each holds a database write.
 */
export const limitInFlight = (deliver: DeliverHandler, limit: number): DeliverHandler => {
  let inFlight = 0;
  return (pdu, respond) => {
    if (inFlight >= limit) return respond(SMPP_STATUS.THROTTLED);
    inFlight += 1;
    let settled = false;
    const release = (): void => {
      if (settled) return;
      settled = true;
      inFlight -= 1;
    };
    try {
      deliver(pdu, (status, messageId) => { release(); respond(status, messageId); });
    } catch (err) {
      release();
      throw err;
    }
  };
};

export const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Checks the peer on every connection with enquire_link each `everyMs`: one that stops answering is gone,
 * whatever TCP says, and is dropped. Returns the stop. (Shared with the server link, server-link.ts.)
 */
export const checkPeers = (connections: () => Iterable<SmppConnection>, everyMs: number): (() => void) => {
  const timer = setInterval(() => {
    for (const connection of connections()) void connection.enquireLink().catch(() => connection.destroy());
  }, everyMs);
  return () => clearInterval(timer);
};

/** Releases concatenated MOs whose parts stopped coming, more often than the link is checked. Returns the stop. */
export const sweepReassembly = (inbound: Inbound, timing: LinkTiming): (() => void) => {
  const timer = setInterval(() => inbound.sweep(), Math.max(250, Math.min(1_000, timing.reassemblyTimeoutMs / 4)));
  return () => clearInterval(timer);
};

/** Connects and binds every connection the mode needs; closes them all if any fails. */
const bindAll = async (config: SmppAccountConfig, timing: LinkTiming): Promise<SmppConnection[]> => {
  const bound: SmppConnection[] = [];
  try {
    for (const mode of bindModes(config)) {
      const connection = await openSmppConnection(config.host, config.port, timing.responseTimeoutMs);
      bound.push(connection);
      const status = await connection.bind(mode, { systemId: config.systemId, password: config.password, systemType: config.systemType });
      if (status !== SMPP_STATUS.OK) throw new Error(`bind_${mode} refused with command_status 0x${status.toString(16)}`);
    }
    return bound;
  } catch (err) {
    for (const connection of bound) connection.destroy();
    throw err;
  }
};

export const createSmppLink = (config: SmppAccountConfig, timing: LinkTiming = DEFAULT_TIMING, onProblem?: (err: unknown) => void): SmppLink => {
  const submitter = createSubmitter(config);
  let opened = false;
  let connections: SmppConnection[] = [];
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const health: { -readonly [K in keyof LinkHealth]: LinkHealth[K] } = { connected: false, lastConnectedAt: null, lastError: null, failuresInARow: 0 };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(() => { wake = null; resolve(); }, ms);
    wake = () => { clearTimeout(timer); wake = null; resolve(); };
  });

  /** Runs one bound session until it ends; resolves with why it ended. */
  const session = async (bound: SmppConnection[], inbound: Inbound): Promise<string> => {
    const ended = new Promise<string>((resolve) => {
      for (const connection of bound) connection.onClosed(resolve);
    });
    const receiving = bound.length === 1 ? bound[0] : bound[1];
    // Counted per session: answers owed on a lost connection no longer hold the new bind back.
    if (receiving) receiving.onDeliver(limitInFlight((pdu, respond) => inbound.deliver(pdu, respond), config.maxInboundInFlight));
    // Sends use the transceiver, or the transmitter.
    if (bound[0]) submitter.attach(bound[0]);
    health.connected = true;
    health.lastConnectedAt = new Date();
    health.failuresInARow = 0;
    health.lastError = null;
    const stopChecking = checkPeers(() => bound, config.enquireLinkMs);
    const stopSweeping = sweepReassembly(inbound, timing);
    try {
      return await ended;
    } finally {
      stopChecking();
      stopSweeping();
      submitter.detach();
      health.connected = false;
      for (const connection of bound) connection.destroy();
    }
  };

  const run = async (sink: LinkSink): Promise<void> => {
    // One for the whole time the link is open: parts of a concatenated MO may arrive on either side of a reconnect.
    const inbound = createInbound(config, sink, { reassemblyTimeoutMs: timing.reassemblyTimeoutMs, resourceSidOf: submitter.resourceSidOf, ...(onProblem && { onProblem }) });
    while (opened) {
      try {
        connections = await bindAll(config, timing);
        // Closed while binding: the new binds are ended at once, never left open.
        if (!opened) {
          await Promise.all(connections.map((connection) => connection.unbind()));
          break;
        }
        health.lastError = await session(connections, inbound);
      } catch (err) {
        health.lastError = describe(err);
      }
      connections = [];
      if (!opened) break;
      health.failuresInARow += 1;
      await sleep(reconnectDelayMs(timing, health.failuresInARow, Math.random()));
    }
  };

  return {
    leaseMs: config.leaseMs,
    submitter,
    open: (sink) => {
      if (opened) return;
      opened = true;
      loop = run(sink).finally(() => { loop = null; });
    },
    close: async () => {
      opened = false;
      wake?.();
      await submitter.drain();
      const closing = connections;
      await Promise.all(closing.map((connection) => connection.unbind()));
      await loop;
    },
    ready: () => health.connected && submitter.attached(),
    health: (): LinkHealth => ({ ...health }),
  };
};
