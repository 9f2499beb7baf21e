// masq as the SMSC of a reverse interconnect (`connection: server`): while this instance holds the link
// (the same lease as a client bind, carrier-links.ts), it listens on listenAddress:listenPort and the
// upstream gateway (Kannel's bearerbox, an operator's ESME) binds to it with the account's system_id
// and password: one transceiver, or a transmitter and a receiver. The PDUs' roles swap, the code does
// not: the peer's submit_sm goes through inbound.ts as an MO would (reassembly, routing) and is answered
// with a message id; masq's messages go to the peer as deliver_sm through submitter.ts (encoding, UDH,
// window, throttling). A peer that asked for a receipt gets one (esm_class 0x04) once masq has routed the
// message: DELIVRD when masq took it on, UNDELIV when it refused it.
import { timingSafeEqual } from 'node:crypto';
import type { LinkHealth, LinkSink } from '../../ports/carrier.ts';
import { createInbound, type Inbound, type OwedReceipt } from './inbound.ts';
import { checkPeers, DEFAULT_TIMING, describe, limitInFlight, reconnectDelayMs, sweepReassembly, type LinkTiming, type SmppLink } from './link.ts';
import { RECEIPT_STATES, receiptText, type ReceiptOutcome } from './receipts.ts';
import type { SmppAccountConfig } from './settings.ts';
import { SMPP_STATUS, type BindMode, type SmppConnection } from './smpp-client.ts';
import { listenSmpp, type BindRequest, type SmppListener } from './smpp-listener.ts';
import { createSubmitter } from './submitter.ts';

interface PeerBind {
  readonly connection: SmppConnection;
  readonly mode: BindMode;
}

/** The bind modes are the peer's: a transmitter sends masq submit_sm, a receiver takes masq's deliver_sm. */
const takesDeliveries = (mode: BindMode): boolean => mode !== 'transmitter';
const sendsSubmits = (mode: BindMode): boolean => mode !== 'receiver';

/** esm_class message type 0x04: a delivery receipt. */
const ESM_RECEIPT = 0x04;
/** registered_delivery 2: a receipt on failure only. */
const RECEIPT_ON_FAILURE_ONLY = 0x02;
/**
 * How long a receipt waits when it goes out on a receiver bind, so on another connection than the
 * submit_sm_resp it follows: a gateway reads its two binds on two threads (Kannel does), and a receipt
 * sent at once can be read before the id it names was stored, and be dropped as unknown. SMSCs' receipts
 * come seconds later in any case.
 */
const RECEIPT_DELAY_ACROSS_BINDS_MS = 1_000;
/** ESME_RSYSERR: the bind is refused while the link closes. */
const SYSTEM_ERROR = 0x08;

/** The newest bind masq can deliver to (the peer's receiver or transceiver); undefined: none. */
const newestTakingDeliveries = (binds: readonly PeerBind[]): PeerBind | undefined => binds.filter((bind) => takesDeliveries(bind.mode)).at(-1);

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export const createSmppServerLink = (config: SmppAccountConfig, timing: LinkTiming = DEFAULT_TIMING, onProblem?: (err: unknown) => void): SmppLink => {
  const submitter = createSubmitter(config);
  let opened = false;
  let listener: SmppListener | null = null;
  const binds: PeerBind[] = [];
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const health: { -readonly [K in keyof LinkHealth]: LinkHealth[K] } = { connected: false, lastConnectedAt: null, lastError: null, failuresInARow: 0 };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(() => { wake = null; resolve(); }, ms);
    wake = () => { clearTimeout(timer); wake = null; resolve(); };
  });

  const authorize = (bind: BindRequest): number => {
    if (!opened) return SYSTEM_ERROR;
    if (bind.systemId !== config.systemId) return SMPP_STATUS.INVSYSID;
    return sameSecret(bind.password, config.password) ? SMPP_STATUS.OK : SMPP_STATUS.INVPASWD;
  };

  /** masq's messages go to the newest bind that takes deliveries; none: the link is not ready. */
  const attachNewest = (): void => {
    const newest = newestTakingDeliveries(binds);
    if (newest) submitter.attach(newest.connection);
    else submitter.detach();
    health.connected = binds.length > 0;
  };

  const sendReceiptsOn = (bind: PeerBind | undefined, owed: readonly OwedReceipt[], outcome: ReceiptOutcome): void => {
    for (const { messageId, part, receivedAt } of owed) {
      if (outcome === 'DELIVRD' && (part.registeredDelivery & 0x03) === RECEIPT_ON_FAILURE_ONLY) continue;
      if (!bind) {
        onProblem?.(new Error(`no receiver bind to send the receipt for ${messageId} on`));
        continue;
      }
      const text = receiptText({ messageId, outcome, submittedAt: receivedAt, doneAt: new Date(), text: part.text });
      bind.connection.submit({
        // The receipt goes back the way the message came: from its destination, to its sender.
        sourceAddr: part.destAddr, sourceTon: part.destTon, sourceNpi: config.destNpi,
        destAddr: part.sourceAddr, destTon: part.sourceTon, destNpi: config.sourceNpi,
        dataCoding: 0, esmClass: ESM_RECEIPT, registeredDelivery: 0,
        shortMessage: Buffer.from(text, 'latin1'), messagePayload: null,
        receipt: { messageId, state: RECEIPT_STATES[outcome] },
      }).then((answer) => {
        if (answer.status !== SMPP_STATUS.OK) onProblem?.(new Error(`the receipt for ${messageId} was refused with command_status 0x${answer.status.toString(16)}`));
      }, (err: unknown) => onProblem?.(err));
    }
  };

  const sendReceipts = (owed: readonly OwedReceipt[], outcome: ReceiptOutcome): void => {
    const bind = newestTakingDeliveries(binds);
    if (bind?.mode === 'receiver') {
      setTimeout(() => sendReceiptsOn(bind, owed, outcome), RECEIPT_DELAY_ACROSS_BINDS_MS).unref();
    } else {
      sendReceiptsOn(bind, owed, outcome);
    }
  };

  const bound = (connection: SmppConnection, mode: BindMode, inbound: Inbound): void => {
    const bind = { connection, mode };
    binds.push(bind);
    connection.onDeliver(sendsSubmits(mode)
      ? limitInFlight((pdu, respond) => inbound.deliver(pdu, respond), config.maxInboundInFlight)
      : (_pdu, respond) => respond(SMPP_STATUS.INVBNDSTS));
    connection.onClosed((reason) => {
      const at = binds.indexOf(bind);
      if (at >= 0) binds.splice(at, 1);
      attachNewest();
      if (binds.length === 0) health.lastError = `the peer's bind ended: ${reason}`;
    });
    attachNewest();
    health.lastConnectedAt = new Date();
    health.lastError = null;
  };

  const listen = async (inbound: Inbound): Promise<string> => {
    listener = await listenSmpp({
      address: config.listenAddress, port: config.listenPort, timeoutMs: timing.responseTimeoutMs, systemId: config.systemId,
      authorize, onBound: (connection, mode) => bound(connection, mode, inbound),
    });
    health.failuresInARow = 0;
    health.lastError = binds.length === 0 ? 'listening; no peer is bound' : null;
    // Closed while it started listening: stop at once.
    if (!opened) await listener.close();
    return listener.stopped;
  };

  const run = async (sink: LinkSink): Promise<void> => {
    // One for the whole time the link is open: parts of a concatenated message may come over any bind.
    const inbound = createInbound(config, sink, {
      reassemblyTimeoutMs: timing.reassemblyTimeoutMs, resourceSidOf: submitter.resourceSidOf, onRouted: sendReceipts, ...(onProblem && { onProblem }),
    });
    const stopChecking = checkPeers(() => binds.map((bind) => bind.connection), config.enquireLinkMs);
    const stopSweeping = sweepReassembly(inbound, timing);
    try {
      while (opened) {
        try {
          health.lastError = await listen(inbound);
        } catch (err) {
          // The port is taken (another process), or the address is not this host's: tried again with backoff.
          health.lastError = describe(err);
        }
        listener = null;
        if (!opened) break;
        health.failuresInARow += 1;
        await sleep(reconnectDelayMs(timing, health.failuresInARow, Math.random()));
      }
    } finally {
      stopChecking();
      stopSweeping();
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
      // The peer is told (unbind) before the listener goes: it reconnects, to whichever instance listens next.
      await Promise.all(binds.map((bind) => bind.connection.unbind()));
      // Unbound and destroyed: forgotten now, not when their sockets report the close.
      binds.splice(0);
      attachNewest();
      await listener?.close();
      await loop;
    },
    ready: () => submitter.attached(),
    health: (): LinkHealth => ({ ...health }),
  };
};
