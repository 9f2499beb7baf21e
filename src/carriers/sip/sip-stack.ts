// A SIP stack on UDP and TCP: the npm `sip` library's parser, writer and transaction layer (retransmissions,
// timers, the ACK of a non-2xx) over masq's own sockets. The library's own transports bind in the
// background with no error handler (a port in use would crash the process) and cannot listen on port 0;
// its request routing answers 404 to any request whose target host is its own address (carriers.md §12).
// This file replaces those parts and keeps the rest. Everything above it speaks in messages.
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import sip from 'sip';
import type { SipMessage, SipVia } from 'sip';

export type SipTransport = 'udp' | 'tcp';

/** Where a message came from (or goes to). */
export interface SipRemote {
  readonly protocol: SipTransport;
  readonly address: string;
  readonly port: number;
}

export interface SipStackOptions {
  readonly address: string;
  /** 0: any free port (tests); UDP and TCP then share the port the first one got. */
  readonly port: number;
  /** The host written in Via (and by callers in Contact). */
  readonly publicAddress: string;
  readonly transports: readonly SipTransport[];
  /** A new request (not a retransmission), or an ACK no transaction took. */
  readonly onRequest: (request: SipMessage, remote: SipRemote) => void;
  readonly onError?: (err: unknown) => void;
}

export interface SendOptions {
  /** The transport when the target URI names none. */
  readonly transport?: SipTransport;
}

export interface SipStack {
  readonly port: number;
  readonly publicAddress: string;
  /** Sends a request; its responses (final ones, or a 408/503 made up on timeout or a failed connection) go to onResponse. */
  send(request: SipMessage, options?: SendOptions, onResponse?: (response: SipMessage) => void): void;
  /** The UDP socket's receive buffer in bytes as the OS granted it (null without UDP). */
  udpReceiveBufferBytes(): number | null;
  /** Sends a response to a request this stack received (through the request's server transaction). */
  respond(response: SipMessage): void;
  close(): Promise<void>;
}

const isMessage = (m: SipMessage | undefined): m is SipMessage =>
  m !== undefined && (m.method !== undefined || (m.status !== undefined && m.status >= 100 && m.status <= 699)) &&
  Array.isArray(m.headers.via) && m.headers.via.length > 0 && Boolean(m.headers['call-id']) && Boolean(m.headers.cseq) && Boolean(m.headers.to) && Boolean(m.headers.from);

const remoteKey = (remote: SipRemote): string => `${remote.protocol}|${remote.address}|${remote.port}`;

interface Listening {
  readonly udp: dgram.Socket | null;
  readonly tcp: net.Server | null;
  readonly port: number;
}

/**
 * The UDP receive buffer masq asks for. A burst of INVITEs arriving while the event loop is busy (routing
 * writes to the database) waits in this buffer; the OS default (about 200 KiB on Linux) overflowed at
 * ~150 calls/s in the SIPp bench, and every datagram dropped there is a retransmission later.
 */
export const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** As large a receive buffer as the OS grants (Linux caps it at net.core.rmem_max); on refusal, the default stays. */
const enlargeReceiveBuffer = (socket: dgram.Socket): void => {
  for (const bytes of [UDP_RECEIVE_BUFFER_BYTES, UDP_RECEIVE_BUFFER_BYTES / 4]) {
    try {
      socket.setRecvBufferSize(bytes);
      return;
    } catch {
      // Refused (some systems reject a size above their maximum rather than capping it): try a smaller one.
    }
  }
};

const bindUdp = (address: string, port: number, onMessage: (data: Buffer, from: dgram.RemoteInfo) => void): Promise<dgram.Socket> =>
  new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      enlargeReceiveBuffer(socket);
      socket.on('message', onMessage);
      resolve(socket);
    });
  });

const listenTcp = (server: net.Server, address: string, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });

const closeUdp = (socket: dgram.Socket | null): Promise<void> => new Promise((resolve) => {
  if (!socket) return resolve();
  try {
    socket.close(() => resolve());
  } catch {
    resolve();
  }
});

export const startSipStack = async (options: SipStackOptions): Promise<SipStack> => {
  const streams = new Map<string, net.Socket>();
  const onError = options.onError ?? (() => undefined);
  let listening: Listening = { udp: null, tcp: null, port: options.port };
  let closed = false;
  // Requests whose target is being resolved: close() lets them go out first (a BYE sent on shutdown).
  const resolving = new Set<Promise<void>>();

  const connectionTo = (remote: SipRemote, failed?: (err: Error) => void): sip.Connection => ({
    protocol: remote.protocol.toUpperCase(),
    release: () => undefined,
    send: (message) => {
      if (message.method !== undefined) stampVia(message, remote.protocol);
      // After close, timers of the library's transactions may still fire: what they send goes nowhere.
      if (closed) return;
      const bytes = Buffer.from(sip.stringify(message), 'binary');
      if (remote.protocol === 'udp') {
        listening.udp?.send(bytes, remote.port, remote.address, (err) => { if (err) failed?.(err); });
        return;
      }
      streamTo(remote, failed).write(bytes);
    },
  });

  const transactions = sip.makeTransactionLayer({}, (target) => {
    if (!isRemote(target)) throw new Error('the transaction layer opened an unknown target');
    return connectionTo(target);
  });

  const stampVia = (request: SipMessage, protocol: SipTransport): void => {
    const top: SipVia | undefined = request.headers.via?.[0];
    if (!top) return;
    top.host = options.publicAddress;
    top.port = listening.port;
    top.protocol = protocol.toUpperCase();
    if (protocol === 'udp') top.params.rport = null;
  };

  const deliver = (message: SipMessage | undefined, remote: SipRemote): void => {
    if (!isMessage(message)) return;
    try {
      if (message.method === undefined) {
        transactions.getClient(message)?.message(message, remote);
        return;
      }
      const top = message.headers.via?.[0];
      if (top) {
        top.params.received = remote.address;
        if ('rport' in top.params) top.params.rport = String(remote.port);
      }
      const existing = transactions.getServer(message);
      if (existing) return existing.message(message, remote);
      if (message.method !== 'ACK') transactions.createServerTransaction(message, connectionTo(remote));
      options.onRequest(message, remote);
    } catch (err) {
      onError(err);
    }
  };

  const adopt = (socket: net.Socket, remote: SipRemote): net.Socket => {
    const key = remoteKey(remote);
    streams.set(key, socket);
    socket.setEncoding('binary');
    socket.on('data', sip.makeStreamParser((message) => deliver(message, remote), () => socket.destroy()));
    socket.on('error', () => undefined);
    socket.on('close', () => { if (streams.get(key) === socket) streams.delete(key); });
    return socket;
  };

  const streamTo = (remote: SipRemote, failed?: (err: Error) => void): net.Socket => {
    const open = streams.get(remoteKey(remote));
    if (open && !open.destroyed) return open;
    // From the listening address (when it is one), so a peer that trusts masq by address sees that address.
    const bound = options.address !== '0.0.0.0' && options.address !== '::' ? { localAddress: options.address } : {};
    const socket = adopt(net.connect({ port: remote.port, host: remote.address, ...bound }), remote);
    if (failed) socket.once('error', failed);
    return socket;
  };

  const udpMessage = (data: Buffer, from: dgram.RemoteInfo): void => deliver(sip.parse(data), { protocol: 'udp', address: from.address, port: from.port });

  const tcpServer = (): net.Server => net.createServer((socket) => {
    adopt(socket, { protocol: 'tcp', address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
  });

  listening = await listen(options, udpMessage, tcpServer);

  const resolveTarget = async (request: SipMessage, sendOptions: SendOptions): Promise<SipRemote> => {
    const route = request.headers.route?.[0];
    const hop = sip.parseUri(route ? route.uri : request.uri ?? '');
    if (!hop) throw new Error('the request has no SIP target');
    const named = hop.params.transport?.toLowerCase();
    const protocol: SipTransport = named === 'tcp' || named === 'udp' ? named : sendOptions.transport ?? 'udp';
    const address = net.isIP(hop.host) ? hop.host : (await lookup(hop.host)).address;
    return { protocol, address, port: hop.port || 5060 };
  };

  const send = (request: SipMessage, sendOptions: SendOptions = {}, onResponse: (response: SipMessage) => void = () => undefined): void => {
    if (closed) return;
    const sending = resolveTarget(request, sendOptions).then((remote) => {
      if (request.method === 'ACK') {
        // An ACK to a 2xx is its own transaction: a fresh Via, sent once (the 2xx's retransmissions are ACKed again).
        request.headers.via = [{ params: { branch: sip.generateBranch() } }];
        connectionTo(remote, onError).send(request);
        return;
      }
      // A CANCEL keeps the INVITE's Via (same branch); any other request gets a Via the transaction layer brands.
      if (request.method !== 'CANCEL') request.headers.via = [{ params: {} }, ...(request.headers.via ?? [])];
      let client: sip.ClientTransaction | null = null;
      const failed = (): void => client?.message(sip.makeResponse(request, 503, 'Service Unavailable'));
      const connection = connectionTo(remote, failed);
      client = transactions.createClientTransaction(connection, request, onResponse);
    }).catch((err: unknown) => {
      onError(err);
      onResponse(sip.makeResponse(request, 503, 'Service Unavailable'));
    });
    resolving.add(sending);
    void sending.finally(() => resolving.delete(sending));
  };

  return {
    port: listening.port,
    publicAddress: options.publicAddress,
    send,
    udpReceiveBufferBytes: () => {
      try {
        return listening.udp?.getRecvBufferSize() ?? null;
      } catch {
        return null; // closed
      }
    },
    respond: (response) => transactions.getServer(response)?.send(response),
    close: async () => {
      await Promise.allSettled([...resolving]);
      // The library starts a client transaction (its first send) on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      closed = true;
      transactions.destroy();
      for (const socket of streams.values()) socket.destroy();
      streams.clear();
      await closeUdp(listening.udp);
      await new Promise<void>((resolve) => (listening.tcp ? listening.tcp.close(() => resolve()) : resolve()));
    },
  };
};

const isRemote = (target: unknown): target is SipRemote =>
  typeof target === 'object' && target !== null && 'protocol' in target && 'address' in target && 'port' in target;

/** Binds the transports on one port; with port 0, retries a few times when TCP finds UDP's port taken. */
const listen = async (options: SipStackOptions, onUdp: (data: Buffer, from: dgram.RemoteInfo) => void, makeTcp: () => net.Server): Promise<Listening> => {
  const wantsUdp = options.transports.includes('udp');
  const wantsTcp = options.transports.includes('tcp');
  for (let attempt = 0; ; attempt += 1) {
    let udp: dgram.Socket | null = null;
    try {
      udp = wantsUdp ? await bindUdp(options.address, options.port, onUdp) : null;
      const port = udp ? udp.address().port : options.port;
      const tcp = wantsTcp ? makeTcp() : null;
      if (tcp) await listenTcp(tcp, options.address, port);
      const tcpPort = tcp?.address();
      return { udp, tcp, port: udp ? port : typeof tcpPort === 'object' && tcpPort ? tcpPort.port : port };
    } catch (err) {
      await closeUdp(udp);
      if (options.port !== 0 || attempt >= 5) throw err;
    }
  }
};
