// A small typed face on the npm `smpp` package (pure JS, untyped): one TCP session to an SMSC, its
// requests as promises that time out, and the SMSC's deliver_sm as typed values. Everything else in
// carriers/smpp/ uses this module (and smpp-listener.ts, its server side) only, so the library's loose
// objects never travel further. The same session serves both directions of an interconnect: as an ESME
// masq sends submit_sm and receives deliver_sm; bound to as the SMSC (server mode) the commands swap.
import smpp from 'smpp';

export type BindMode = 'transceiver' | 'transmitter' | 'receiver';

/** SMPP 3.4 command_status values masq acts on (the rest are reported by number). */
export const SMPP_STATUS = {
  OK: 0x00,
  /** The SMSC's message queue is full: try again later. */
  MSGQFUL: 0x14,
  /** Too many submits for the SMSC's rate: back off. */
  THROTTLED: 0x58,
  /** A temporary problem at the receiving application: the SMSC delivers again later. */
  X_T_APPN: 0x64,
  /** The command is not allowed in the bind's state (a submit_sm on a receiver bind). */
  INVBNDSTS: 0x04,
  /** The session is bound already. */
  ALYBND: 0x05,
  /** The bind's password is wrong. */
  INVPASWD: 0x0e,
  /** The bind's system_id is unknown. */
  INVSYSID: 0x0f,
} as const;

export interface BindCredentials {
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
}

export interface SubmitRequest {
  readonly sourceAddr: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destAddr: string;
  readonly destTon: number;
  readonly destNpi: number;
  readonly dataCoding: number;
  readonly esmClass: number;
  readonly registeredDelivery: number;
  /** The encoded user data, with its UDH in front when esmClass has UDHI; empty when messagePayload carries it. */
  readonly shortMessage: Buffer;
  /** The message_payload TLV (a long message whole); null: none. */
  readonly messagePayload: Buffer | null;
  /** A delivery receipt's receipted_message_id and message_state TLVs (server mode: masq's receipt to the peer). */
  readonly receipt?: { readonly messageId: string; readonly state: number };
}

export interface SubmitAnswer {
  readonly status: number;
  readonly messageId: string | null;
}

/** Concatenation named by sar_ TLVs rather than a UDH. */
export interface SarInfo {
  readonly ref: number;
  readonly total: number;
  readonly seq: number;
}

/**
 * A deliver_sm: a mobile-originated message or a delivery receipt (esm_class says which). In server mode
 * the peer's submit_sm, read the same way: it is traffic arriving at masq numbers, or the peer's receipt.
 */
export interface DeliverSm {
  readonly sourceAddr: string;
  readonly sourceTon: number;
  readonly destAddr: string;
  readonly destTon: number;
  readonly esmClass: number;
  readonly dataCoding: number;
  /** The text as the library decoded it for data_coding (GSM 03.38, Latin-1 or UCS-2). */
  readonly text: string;
  /** UDH information elements, each with its IEI and length bytes; empty without UDHI. */
  readonly udh: readonly Buffer[];
  readonly receiptedMessageId: string | null;
  readonly messageState: number | null;
  readonly sar: SarInfo | null;
  /** What the sender asked to hear back (SMPP 3.4 §5.2.17): bits 0-1, the final receipt. */
  readonly registeredDelivery: number;
}

/** `messageId` names the PDU in a submit_sm_resp (server mode); a deliver_sm_resp carries none. */
export type DeliverHandler = (pdu: DeliverSm, respond: (status: number, messageId?: string) => void) => void;

/** Which command carries masq's messages out and which brings the peer's in: ESME (client) or SMSC (server). */
export interface PduRoles {
  readonly outbound: 'submit_sm' | 'deliver_sm';
  readonly inbound: 'deliver_sm' | 'submit_sm';
}

export const ESME_ROLES: PduRoles = { outbound: 'submit_sm', inbound: 'deliver_sm' };
export const SMSC_ROLES: PduRoles = { outbound: 'deliver_sm', inbound: 'submit_sm' };

/** deliver_sm kept for a handler not yet set, at most (a transmitter bind never gets one: the SMSC misbehaves). */
const MAX_EARLY_DELIVERIES = 1_000;

export interface SmppConnection {
  /** The bind's command_status (0 when bound). */
  bind(mode: BindMode, credentials: BindCredentials): Promise<number>;
  /** Sends one message part out: a submit_sm, or a deliver_sm when masq is the SMSC. */
  submit(request: SubmitRequest): Promise<SubmitAnswer>;
  enquireLink(): Promise<number>;
  /** Unbinds and closes; never rejects (the connection ends either way). */
  unbind(): Promise<void>;
  /** Each deliver_sm (submit_sm when masq is the SMSC); `respond` sends its response with that status (once). */
  onDeliver(handler: DeliverHandler): void;
  /** Called once when the connection ends, for whatever reason. */
  onClosed(handler: (reason: string) => void): void;
  destroy(): void;
}

const str = (pdu: smpp.PDU, field: string): string | null => {
  const value = pdu[field];
  return typeof value === 'string' ? value : null;
};

const num = (pdu: smpp.PDU, field: string): number | null => {
  const value = pdu[field];
  return typeof value === 'number' ? value : null;
};

const isDecoded = (value: unknown): value is smpp.DecodedMessage =>
  typeof value === 'object' && value !== null && 'message' in value;

/** short_message, or message_payload when the SMSC put the text there instead. */
const messageOf = (pdu: smpp.PDU): { text: string; udh: readonly Buffer[] } => {
  for (const field of ['short_message', 'message_payload']) {
    const value = pdu[field];
    if (!isDecoded(value)) continue;
    const text = typeof value.message === 'string' ? value.message : value.message.toString('latin1');
    if (text !== '' || (value.udh?.length ?? 0) > 0) return { text, udh: value.udh ?? [] };
  }
  return { text: '', udh: [] };
};

const sarOf = (pdu: smpp.PDU): SarInfo | null => {
  const ref = num(pdu, 'sar_msg_ref_num');
  const total = num(pdu, 'sar_total_segments');
  const seq = num(pdu, 'sar_segment_seqnum');
  return ref !== null && total !== null && seq !== null ? { ref, total, seq } : null;
};

export const readDeliverSm = (pdu: smpp.PDU): DeliverSm => ({
  sourceAddr: str(pdu, 'source_addr') ?? '',
  sourceTon: num(pdu, 'source_addr_ton') ?? 0,
  destAddr: str(pdu, 'destination_addr') ?? '',
  destTon: num(pdu, 'dest_addr_ton') ?? 0,
  esmClass: num(pdu, 'esm_class') ?? 0,
  dataCoding: num(pdu, 'data_coding') ?? 0,
  ...messageOf(pdu),
  receiptedMessageId: str(pdu, 'receipted_message_id'),
  messageState: num(pdu, 'message_state'),
  sar: sarOf(pdu),
  registeredDelivery: num(pdu, 'registered_delivery') ?? 0,
});

const BIND_COMMANDS: Readonly<Record<BindMode, string>> = {
  transceiver: 'bind_transceiver', transmitter: 'bind_transmitter', receiver: 'bind_receiver',
};

/** Opens a TCP session to the SMSC; rejects when it cannot connect within `timeoutMs`. */
export const openSmppConnection = (host: string, port: number, timeoutMs: number): Promise<SmppConnection> =>
  new Promise((resolve, reject) => {
    const session = smpp.connect({ host, port });
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    const failEarly = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    session.once('error', failEarly);
    session.once('connect', () => {
      clearTimeout(timer);
      session.off('error', failEarly);
      resolve(wrapSession(session, timeoutMs, ESME_ROLES));
    });
  });

/** A connected (client) or bound-to (server) session as an SmppConnection; `roles` say which command is which way. */
export const wrapSession = (session: smpp.Session, timeoutMs: number, roles: PduRoles): SmppConnection => {
  let closedReason: string | null = null;
  const closeHandlers: ((reason: string) => void)[] = [];
  const pending = new Set<(reason: string) => void>();
  const closeWith = (reason: string): void => {
    if (closedReason !== null) return;
    closedReason = reason;
    for (const fail of pending) fail(reason);
    pending.clear();
    for (const handler of closeHandlers) handler(reason);
  };
  session.on('error', (err: Error) => closeWith(err.message));
  session.on('close', () => closeWith('connection closed'));
  // The SMSC checks on us too, and may end the bind itself.
  session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
  session.on('unbind', (pdu: smpp.PDU) => {
    session.send(pdu.response());
    session.close();
  });

  // An SMSC pushes queued MOs and receipts right after bind_resp, often in the same read as it: those
  // that come before the handler is set are kept and handed to it, never left unanswered.
  let deliverTo: DeliverHandler | null = null;
  const early: smpp.PDU[] = [];
  const dispatch = (pdu: smpp.PDU): void => {
    if (!deliverTo) {
      if (early.length < MAX_EARLY_DELIVERIES) early.push(pdu);
      return;
    }
    let answered = false;
    deliverTo(readDeliverSm(pdu), (status, messageId) => {
      if (answered) return;
      answered = true;
      session.send(pdu.response({ command_status: status, ...(roles.inbound === 'submit_sm' && { message_id: messageId ?? '' }) }));
    });
  };
  session.on(roles.inbound, dispatch);

  const request = (command: string, fields: Readonly<Record<string, unknown>>): Promise<smpp.PDU> =>
    new Promise((resolve, reject) => {
      if (closedReason !== null) return reject(new Error(closedReason));
      const fail = (reason: string): void => {
        clearTimeout(timer);
        reject(new Error(reason));
      };
      const timer = setTimeout(() => {
        pending.delete(fail);
        reject(new Error(`no ${command}_resp within ${timeoutMs} ms`));
        // A peer that stops answering is treated as gone: the link reconnects.
        session.destroy();
      }, timeoutMs);
      pending.add(fail);
      const sent = session.send(new smpp.PDU(command, fields), (response) => {
        clearTimeout(timer);
        pending.delete(fail);
        resolve(response);
      });
      if (!sent) fail('connection not writable');
    });

  return {
    bind: async (mode, c) => (await request(BIND_COMMANDS[mode], { system_id: c.systemId, password: c.password, system_type: c.systemType, interface_version: 0x34 })).command_status,
    submit: async (r) => {
      const response = await request(roles.outbound, {
        source_addr: r.sourceAddr, source_addr_ton: r.sourceTon, source_addr_npi: r.sourceNpi,
        destination_addr: r.destAddr, dest_addr_ton: r.destTon, dest_addr_npi: r.destNpi,
        esm_class: r.esmClass, data_coding: r.dataCoding, registered_delivery: r.registeredDelivery, short_message: r.shortMessage,
        ...(r.messagePayload !== null && { message_payload: r.messagePayload }),
        ...(r.receipt && { receipted_message_id: r.receipt.messageId, message_state: r.receipt.state }),
      });
      return { status: response.command_status, messageId: str(response, 'message_id') };
    },
    enquireLink: async () => (await request('enquire_link', {})).command_status,
    unbind: async () => {
      await request('unbind', {}).catch(() => undefined);
      session.destroy();
    },
    onDeliver: (handler) => {
      deliverTo = handler;
      for (const pdu of early.splice(0)) dispatch(pdu);
    },
    onClosed: (handler) => {
      if (closedReason !== null) handler(closedReason);
      else closeHandlers.push(handler);
    },
    destroy: () => session.destroy(),
  };
};
