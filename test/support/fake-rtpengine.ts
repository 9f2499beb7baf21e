// An rtpengine ng control socket in-process, on 127.0.0.1, for the tests that need to see what masq sends or make
// rtpengine misbehave (lose datagrams, refuse, stay silent). It answers like rtpengine 10.5 does: the same cookie,
// result "ok" with the SDP's c= lines and m= ports rewritten to its own address and ports, "pong" to a ping, an
// error for an answer to an unknown call (ok with a warning for its delete), and the answer it gave before when a command is resent with the same cookie.
import { createSocket, type RemoteInfo } from 'node:dgram';
import { decodeBencode, encodeBencode, isDictionary, type BencodeDictionary } from '../../src/carriers/sip/bencode.ts';

export interface FakeRtpengineRequest {
  readonly cookie: string;
  readonly message: BencodeDictionary;
  /** Where it came from: masq's control socket. */
  readonly from: { readonly address: string; readonly port: number };
}

/** What the fake does with one datagram: answer like rtpengine, answer this instead, or drop it (lost). */
export type FakeRtpengineBehaviour = (request: FakeRtpengineRequest, index: number) => 'normal' | 'drop' | BencodeDictionary;

export interface FakeRtpengine {
  readonly address: string;
  readonly port: number;
  /** `udp:127.0.0.1:<port>`: the `rtpengine` setting that reaches it. */
  readonly target: string;
  /** Every datagram received, resends included, in order. */
  readonly requests: FakeRtpengineRequest[];
  /** Call-IDs with media ports held (offered, not deleted). */
  readonly calls: ReadonlySet<string>;
  behave(behaviour: FakeRtpengineBehaviour): void;
  close(): Promise<void>;
}

const ADDRESS = '127.0.0.1';

export const startFakeRtpengine = async (): Promise<FakeRtpengine> => {
  const socket = createSocket('udp4');
  const requests: FakeRtpengineRequest[] = [];
  const calls = new Set<string>();
  const answered = new Map<string, Buffer>();
  let behaviour: FakeRtpengineBehaviour = () => 'normal';
  let nextPort = 30_000;

  const rewrite = (sdp: string): string =>
    sdp
      .replace(/^c=IN IP4 \S+/gm, `c=IN IP4 ${ADDRESS}`)
      .replace(/^(o=\S+ \S+ \S+ IN IP4 )\S+/gm, `$1${ADDRESS}`)
      .replace(/^m=(\w+) \d+/gm, (_line, media: string) => `m=${media} ${(nextPort += 2)}`)
      .replace(/^a=candidate:.*\r?\n/gm, '');

  const normalAnswer = (message: BencodeDictionary): BencodeDictionary => {
    const callId = String(message['call-id'] ?? '');
    switch (message['command']) {
      case 'ping':
        return { result: 'pong' };
      case 'offer':
        calls.add(callId);
        return { result: 'ok', sdp: rewrite(String(message['sdp'] ?? '')) };
      case 'answer':
        if (!calls.has(callId)) return { result: 'error', 'error-reason': 'Unknown call-id' };
        return { result: 'ok', sdp: rewrite(String(message['sdp'] ?? '')) };
      case 'delete':
        // rtpengine 10.5 answers ok to a call it does not know, with a warning.
        if (!calls.delete(callId)) return { result: 'ok', warning: 'Call-ID not found or tags didn\'t match' };
        return { result: 'ok' };
      default:
        return { result: 'error', 'error-reason': 'Unrecognized command' };
    }
  };

  const onMessage = (datagram: Buffer, from: RemoteInfo): void => {
    const space = datagram.indexOf(0x20);
    const cookie = datagram.toString('latin1', 0, space);
    const decoded = decodeBencode(datagram.subarray(space + 1));
    if (!isDictionary(decoded)) throw new Error('the fake rtpengine got a message that is not a dictionary');
    const request = { cookie, message: decoded, from: { address: from.address, port: from.port } };
    requests.push(request);
    const chosen = behaviour(request, requests.length - 1);
    if (chosen === 'drop') return;
    // A resend of a command already carried out gets the same answer, as rtpengine's cookie cache gives it.
    const reply = answered.get(cookie) ?? Buffer.concat([
      Buffer.from(`${cookie} `, 'latin1'),
      encodeBencode(chosen === 'normal' ? normalAnswer(decoded) : chosen),
    ]);
    answered.set(cookie, reply);
    socket.send(reply, from.port, from.address);
  };

  socket.on('message', onMessage);
  await new Promise<void>((resolve) => socket.bind(0, ADDRESS, resolve));
  const { port } = socket.address();
  return {
    address: ADDRESS,
    port,
    target: `udp:${ADDRESS}:${port}`,
    requests,
    calls,
    behave: (next) => { behaviour = next; },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
};
