// The server side of the npm `smpp` package's typed face (smpp-client.ts is the client side): masq
// listening as the SMSC of a reverse interconnect. Each TCP session must bind first (transceiver,
// transmitter or receiver) with credentials the caller checks; once bound it is an SmppConnection with
// the SMSC's roles (masq sends deliver_sm, the peer sends submit_sm). A session that does not bind within
// the response timeout is dropped, so half-open connections never pile up.
import smpp from 'smpp';
import { SMPP_STATUS, SMSC_ROLES, wrapSession, type BindMode, type SmppConnection } from './smpp-client.ts';

export interface BindRequest {
  readonly mode: BindMode;
  readonly systemId: string;
  readonly password: string;
  /** The peer's address, for the log. */
  readonly remote: string;
}

export interface SmppListenOptions {
  readonly address: string;
  readonly port: number;
  /** How long a session may stay unbound, and how long a request waits for its response. */
  readonly timeoutMs: number;
  /** The system_id masq answers binds with. */
  readonly systemId: string;
  /** The command_status for a bind: SMPP_STATUS.OK accepts it. */
  readonly authorize: (bind: BindRequest) => number;
  /** A session that bound: from here on it belongs to the caller. */
  readonly onBound: (connection: SmppConnection, mode: BindMode) => void;
}

export interface SmppListener {
  /** The port it listens on (the one asked for, or the one the system gave for 0). */
  readonly port: number;
  /** Resolves with why the listener stopped (closed, or failed). */
  readonly stopped: Promise<string>;
  /** Stops accepting sessions and drops every one still open: unbind the bound ones first, to end them cleanly. */
  close(): Promise<void>;
}

const BIND_COMMANDS: Readonly<Record<string, BindMode>> = {
  bind_transceiver: 'transceiver', bind_transmitter: 'transmitter', bind_receiver: 'receiver',
};

const textField = (pdu: smpp.PDU, field: string): string => {
  const value = pdu[field];
  return typeof value === 'string' ? value : '';
};

/** Answers a new session's binds until one succeeds, then hands it over. */
const awaitBind = (session: smpp.Session, options: SmppListenOptions): void => {
  let bound = false;
  const remote = `${session.socket.remoteAddress ?? '?'}:${session.socket.remotePort ?? '?'}`;
  const unbound = setTimeout(() => session.destroy(), options.timeoutMs);
  // Errors before the bind end the session only; the listener goes on.
  session.on('error', () => session.destroy());
  session.on('close', () => clearTimeout(unbound));
  // enquire_link is allowed before the bind; after it the bound connection answers them.
  session.on('enquire_link', (pdu: smpp.PDU) => {
    if (!bound) session.send(pdu.response());
  });
  for (const [command, mode] of Object.entries(BIND_COMMANDS)) {
    session.on(command, (pdu: smpp.PDU) => {
      if (bound) {
        session.send(pdu.response({ command_status: SMPP_STATUS.ALYBND, system_id: options.systemId }));
        return;
      }
      const status = options.authorize({ mode, systemId: textField(pdu, 'system_id'), password: textField(pdu, 'password'), remote });
      session.send(pdu.response({ command_status: status, system_id: options.systemId }));
      if (status !== SMPP_STATUS.OK) {
        session.close();
        return;
      }
      bound = true;
      clearTimeout(unbound);
      // Wrapped in the same turn as the bind_resp: PDUs the peer sends right after it are not missed.
      options.onBound(wrapSession(session, options.timeoutMs, SMSC_ROLES), mode);
    });
  }
};

/** Listens on address:port; rejects when it cannot (the port is taken, the address is not this host's). */
export const listenSmpp = (options: SmppListenOptions): Promise<SmppListener> =>
  new Promise((resolve, reject) => {
    const server = smpp.createServer((session) => awaitBind(session, options));
    let stop: (reason: string) => void = () => undefined;
    const stopped = new Promise<string>((done) => { stop = done; });
    const failEarly = (err: Error): void => reject(err);
    server.once('error', failEarly);
    server.listen(options.port, options.address, () => {
      server.off('error', failEarly);
      server.on('error', (err: Error) => {
        stop(err.message);
        server.close();
      });
      server.on('close', () => stop('listener closed'));
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : options.port,
        stopped,
        close: () => new Promise((closed) => {
          server.close(() => closed());
          // Sessions still unbound are dropped; close() waits for every connection to end.
          for (const session of [...server.sessions]) session.destroy();
        }),
      });
    });
  });
