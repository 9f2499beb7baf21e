// An in-process SMSC on 127.0.0.1 (the npm `smpp` server) for the SMPP carrier's tests: it accepts binds
// with one system_id/password, records every submit_sm, answers with hex message ids (or with the
// statuses a test queues: throttling), and sends deliver_sm (MO, receipts) to whoever is bound.
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';

export interface ReceivedSubmit {
  readonly sourceAddr: string;
  readonly destAddr: string;
  readonly sourceTon: number;
  readonly destTon: number;
  readonly dataCoding: number;
  readonly esmClass: number;
  readonly registeredDelivery: number;
  /** The text of short_message, or of the message_payload TLV when that carried it. */
  readonly text: string;
  readonly udh: readonly Buffer[];
  /** The bytes of short_message as they came (empty when message_payload carried the text). */
  readonly shortMessageLength: number;
  /** Whether the text came in the message_payload TLV. */
  readonly viaPayload: boolean;
  readonly messageId: string | null;
  readonly status: number;
}

export interface FakeSmsc {
  readonly port: number;
  readonly binds: { readonly command: string; readonly systemId: string }[];
  readonly submits: ReceivedSubmit[];
  /** Statuses the next submits are answered with (then 0 again). */
  readonly queuedStatuses: number[];
  boundSessions(): number;
  /** Sends a deliver_sm to the first bound session that can receive; resolves with its response status. */
  deliver(fields: Readonly<Record<string, unknown>>): Promise<number>;
  /** Drops every connection (the SMSC restarting, as seen from masq). */
  dropAll(): void;
  close(): Promise<void>;
}

const field = (pdu: smpp.PDU, name: string): unknown => pdu[name];
const text = (pdu: smpp.PDU, name: string): string => {
  const value = field(pdu, name);
  return typeof value === 'string' ? value : '';
};
const num = (pdu: smpp.PDU, name: string): number => {
  const value = field(pdu, name);
  return typeof value === 'number' ? value : -1;
};
const decodedField = (pdu: smpp.PDU, name: 'short_message' | 'message_payload'): { text: string; udh: readonly Buffer[]; bytes: number } => {
  const value = field(pdu, name);
  if (typeof value !== 'object' || value === null || !('message' in value)) return { text: '', udh: [], bytes: 0 };
  const message = value.message;
  const udh = 'udh' in value && Array.isArray(value.udh) ? value.udh.filter((u): u is Buffer => Buffer.isBuffer(u)) : [];
  const text = typeof message === 'string' ? message : Buffer.isBuffer(message) ? message.toString('hex') : '';
  return { text, udh, bytes: text.length + udh.reduce((sum, u) => sum + u.length, 0) };
};

const decoded = (pdu: smpp.PDU): Pick<ReceivedSubmit, 'text' | 'udh' | 'shortMessageLength' | 'viaPayload'> => {
  const short = decodedField(pdu, 'short_message');
  const payload = decodedField(pdu, 'message_payload');
  const viaPayload = short.bytes === 0 && payload.bytes > 0;
  return { text: viaPayload ? payload.text : short.text, udh: viaPayload ? payload.udh : short.udh, shortMessageLength: short.bytes, viaPayload };
};

export const startFakeSmsc = async (credentials: { systemId: string; password: string }, port = 0): Promise<FakeSmsc> => {
  const binds: { command: string; systemId: string }[] = [];
  const submits: ReceivedSubmit[] = [];
  const queuedStatuses: number[] = [];
  const receivers = new Set<smpp.Session>();
  const all = new Set<smpp.Session>();
  let nextId = 0x1f0;
  const server = smpp.createServer((session) => {
    all.add(session);
    session.on('close', () => { all.delete(session); receivers.delete(session); });
    session.on('error', () => undefined);
    for (const command of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
      session.on(command, (pdu: smpp.PDU) => {
        const ok = text(pdu, 'system_id') === credentials.systemId && text(pdu, 'password') === credentials.password;
        binds.push({ command, systemId: text(pdu, 'system_id') });
        session.send(pdu.response({ command_status: ok ? 0 : 0x0e, system_id: 'fake-smsc' }));
        if (ok && command !== 'bind_transmitter') receivers.add(session);
      });
    }
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: smpp.PDU) => {
      const status = queuedStatuses.shift() ?? 0;
      const messageId = status === 0 ? (nextId++).toString(16).toUpperCase() : null;
      submits.push({
        sourceAddr: text(pdu, 'source_addr'), destAddr: text(pdu, 'destination_addr'), sourceTon: num(pdu, 'source_addr_ton'), destTon: num(pdu, 'dest_addr_ton'),
        dataCoding: num(pdu, 'data_coding'), esmClass: num(pdu, 'esm_class'), registeredDelivery: num(pdu, 'registered_delivery'), ...decoded(pdu), messageId, status,
      });
      session.send(pdu.response({ command_status: status, ...(messageId !== null && { message_id: messageId }) }));
    });
    session.on('deliver_sm_resp', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  return {
    port: boundPort, binds, submits, queuedStatuses,
    boundSessions: () => receivers.size,
    deliver: (fields) => new Promise((resolve, reject) => {
      const session = [...receivers][0];
      if (!session) return reject(new Error('nobody is bound to receive'));
      session.send(new smpp.PDU('deliver_sm', fields), (response) => resolve(response.command_status));
    }),
    dropAll: () => {
      for (const session of all) session.destroy();
    },
    close: async () => {
      for (const session of all) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
