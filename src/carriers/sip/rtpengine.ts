// Media anchoring through rtpengine, over its "ng" control protocol: one UDP datagram per command, "<cookie> <bencoded
// dictionary>", answered by a datagram carrying the same cookie. rtpengine remembers the answer it gave to a cookie,
// so a command that got no answer is sent again, unchanged, until the deadline: a lost datagram costs a resend, and a
// resent command is never carried out twice.
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { decodeBencode, encodeBencode, isDictionary, type BencodeDictionary, type BencodeValue } from './bencode.ts';
import type { MediaAnchor } from './media-anchor.ts';
import { maskSdpIdentity } from './sdp-privacy.ts';

export interface RtpengineOptions {
  /** How long a command may go unanswered (resends included) before it fails; default 4000 ms. */
  readonly timeoutMs?: number;
  /** Where a failed delete is reported (it never throws: the call is over either way); default a process warning. */
  readonly onError?: (err: Error) => void;
}

/** rtpengine refused a command, did not answer it in time, or answered something unreadable. */
export class RtpengineError extends Error {
  override readonly name = 'RtpengineError';
}

export interface RtpengineTarget {
  readonly host: string;
  readonly port: number;
}

// udp:HOST:PORT, with an IPv6 host in brackets (udp:[::1]:22222). rtpengine's ng protocol also runs over TCP and
// WebSocket in later versions; masq speaks the UDP form, the one every version has.
const TARGET = /^udp:(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):([0-9]{1,5})$/;

/** Reads an `rtpengine` setting; throws a message naming the expected form when it is not one. */
export const parseRtpengineTarget = (target: string): RtpengineTarget => {
  const match = TARGET.exec(target.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RtpengineError(`rtpengine must be udp:HOST:PORT (an ng control socket, e.g. udp:127.0.0.1:22222), not "${target}"`);
  }
  if (match[1] !== undefined && isIP(host) !== 6) throw new RtpengineError(`"${host}" in "${target}" is not an IPv6 address`);
  return { host, port };
};

const DEFAULT_TIMEOUT_MS = 4000;
// The first resend waits this long (or a quarter of the deadline, if shorter), each next one twice as long.
const FIRST_RESEND_MS = 500;

// rtpengine rewrites c= and m= to its own address and ports by itself. `origin` also rewrites the o= line's address
// (the writer's own IP otherwise), `session-connection` a session-level c= line; ICE candidates would list the
// writer's addresses, so they are removed (masq's peers are SIP trunks and phones, not WebRTC).
const PRIVACY_FLAGS: BencodeDictionary = { replace: ['origin', 'session-connection'], ICE: 'remove' };

export const createRtpengineAnchor = (target: string, options: RtpengineOptions = {}): MediaAnchor => {
  const client = createNgClient(target, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onError = options.onError ?? ((err: Error) => process.emitWarning(err));
  return {
    offer: async ({ callId, fromTag, sdp }) => {
      const reply = await client.request('offer', { ...PRIVACY_FLAGS, 'call-id': callId, 'from-tag': fromTag, sdp }, callId);
      return maskSdpIdentity(sdpOf(reply, 'offer', callId, target));
    },
    answer: async ({ callId, fromTag, toTag, sdp }) => {
      const fields = { ...PRIVACY_FLAGS, 'call-id': callId, 'from-tag': fromTag, 'to-tag': toTag, sdp };
      const reply = await client.request('answer', fields, callId);
      return maskSdpIdentity(sdpOf(reply, 'answer', callId, target));
    },
    delete: async ({ callId, fromTag }) => {
      try {
        await client.request('delete', { 'call-id': callId, 'from-tag': fromTag }, callId);
      } catch (err) {
        onError(err instanceof Error ? err : new RtpengineError(String(err)));
      }
    },
  };
};

const sdpOf = (reply: BencodeDictionary, command: string, callId: string, target: string): string => {
  const sdp = reply['sdp'];
  if (typeof sdp !== 'string' || sdp === '') {
    throw new RtpengineError(`rtpengine ${target} answered "${command}" for call ${callId} without an SDP`);
  }
  return sdp;
};

/** The ng protocol's request/answer exchange, with resends; exported for the `ping` health check and tests. */
export interface NgClient {
  /** Sends the command; resolves with the answer's dictionary when its result is ok (or pong), rejects otherwise. */
  request(command: string, fields: BencodeDictionary, callId?: string): Promise<BencodeDictionary>;
  /** True when rtpengine answers a ping in time. */
  ping(): Promise<boolean>;
  /** Stops listening: commands in flight fail. */
  close(): void;
}

interface Pending {
  readonly resolve: (reply: BencodeDictionary) => void;
  readonly reject: (err: Error) => void;
}

export const createNgClient = (target: string, timeoutMs: number = DEFAULT_TIMEOUT_MS): NgClient => {
  const { host, port } = parseRtpengineTarget(target);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RtpengineError(`rtpengine timeout must be a positive number of ms, not ${timeoutMs}`);
  const pending = new Map<string, Pending>();
  let socket: Socket | null = null;

  const failAll = (err: Error): void => {
    for (const entry of pending.values()) entry.reject(err);
    pending.clear();
  };

  const onMessage = (datagram: Buffer, from: RemoteInfo): void => {
    // Only rtpengine's own answers count: with a literal address, a datagram from anywhere else is ignored.
    if (from.port !== port || (isIP(host) !== 0 && from.address !== host)) return;
    const space = datagram.indexOf(0x20);
    if (space <= 0) return;
    const entry = pending.get(datagram.toString('latin1', 0, space));
    if (!entry) return; // the answer to a resend whose first answer already arrived
    try {
      entry.resolve(dictionaryOf(decodeBencode(datagram.subarray(space + 1))));
    } catch (err) {
      entry.reject(new RtpengineError(`rtpengine ${target} answered something unreadable: ${messageOf(err)}`));
    }
  };

  // One socket for every call, opened on first use. Unreferenced: an idle anchor never keeps the process alive
  // (a command in flight does, through its timers).
  const socketNow = (): Socket => {
    if (socket) return socket;
    const opened = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    opened.on('message', onMessage);
    opened.on('error', (err) => {
      if (socket === opened) socket = null;
      opened.close();
      failAll(new RtpengineError(`rtpengine ${target}: control socket failed: ${err.message}`));
    });
    opened.unref();
    socket = opened;
    return opened;
  };

  const exchange = (command: string, fields: BencodeDictionary, callId: string | undefined): Promise<BencodeDictionary> => {
    const cookie = randomBytes(12).toString('hex');
    const datagram = Buffer.concat([Buffer.from(`${cookie} `, 'latin1'), encodeBencode({ ...fields, command })]);
    const what = callId === undefined ? `"${command}"` : `"${command}" for call ${callId}`;
    return new Promise<BencodeDictionary>((resolve, reject) => {
      let sends = 0;
      let resendTimer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(resendTimer);
        clearTimeout(deadline);
        pending.delete(cookie);
      };
      const send = (waitMs: number): void => {
        sends += 1;
        socketNow().send(datagram, port, host, (err) => {
          if (err) settle.reject(new RtpengineError(`rtpengine ${target}: could not send ${what}: ${err.message}`));
        });
        resendTimer = setTimeout(() => send(waitMs * 2), waitMs);
      };
      const deadline = setTimeout(() => {
        settle.reject(new RtpengineError(`rtpengine ${target} did not answer ${what} within ${timeoutMs} ms (sent ${sends} times)`));
      }, timeoutMs);
      const settle: Pending = {
        resolve: (reply) => {
          finish();
          resolve(reply);
        },
        reject: (err) => {
          finish();
          reject(err);
        },
      };
      pending.set(cookie, settle);
      send(Math.min(FIRST_RESEND_MS, Math.max(1, Math.floor(timeoutMs / 4))));
    });
  };

  const request = async (command: string, fields: BencodeDictionary, callId?: string): Promise<BencodeDictionary> => {
    const reply = await exchange(command, fields, callId);
    const result = reply['result'];
    if (result === 'ok' || result === 'pong') return reply;
    const what = callId === undefined ? `"${command}"` : `"${command}" for call ${callId}`;
    const reason = typeof reply['error-reason'] === 'string' ? reply['error-reason'] : `result ${JSON.stringify(result ?? null)}`;
    throw new RtpengineError(`rtpengine ${target} refused ${what}: ${reason}`);
  };

  return {
    request,
    ping: async () => {
      try {
        return (await request('ping', {}))['result'] === 'pong';
      } catch {
        return false;
      }
    },
    close: () => {
      failAll(new RtpengineError(`rtpengine ${target}: client closed`));
      socket?.close();
      socket = null;
    },
  };
};

const dictionaryOf = (value: BencodeValue): BencodeDictionary => {
  if (!isDictionary(value)) throw new RtpengineError('the answer is not a dictionary');
  return value;
};

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
