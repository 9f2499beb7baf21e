// The npm `sip` package (kirm/sip.js 0.0.6) ships no types: the part of its surface masq uses, declared
// here. masq uses its message parser and writer and its transaction layer only; the transports are masq's
// own (sip-stack.ts), so bind errors are reported and port 0 works. Used only through sip-stack.ts and
// sip-message.ts (and the tests' peer).
declare module 'sip' {
  namespace sip {
    interface SipUri {
      schema?: string;
      user?: string;
      password?: string;
      host: string;
      port?: number;
      params: Record<string, string | null>;
      headers: Record<string, string>;
    }

    /** A name-addr header (To, From, Contact): the URI stays text; Route and Record-Route entries hold it parsed. */
    interface SipAddress {
      name?: string;
      uri: string | SipUri;
      params: Record<string, string | null>;
    }

    interface SipVia {
      version?: string;
      protocol?: string;
      host?: string;
      port?: number;
      params: Record<string, string | null>;
    }

    interface SipCSeq {
      seq: number;
      method: string;
    }

    /** A parsed WWW-Authenticate / Authorization header: the scheme, then its parameters (quoted as on the wire). */
    interface SipAuth {
      scheme?: string;
      [param: string]: string | undefined;
    }

    type HeaderValue = string | number | SipVia[] | SipAddress | SipAddress[] | SipCSeq | SipAuth | SipAuth[] | undefined;

    interface SipHeaders {
      via?: SipVia[];
      to: SipAddress;
      from: SipAddress;
      'call-id': string;
      cseq: SipCSeq;
      contact?: SipAddress[] | '*';
      route?: SipAddress[];
      'record-route'?: SipAddress[];
      'content-length'?: number;
      'www-authenticate'?: SipAuth[];
      'proxy-authenticate'?: SipAuth[];
      authorization?: SipAuth[];
      'proxy-authorization'?: SipAuth[];
      /** Any other header: its text (repeated headers joined with commas). */
      [name: string]: HeaderValue;
    }

    interface SipMessage {
      method?: string;
      uri?: string | SipUri;
      status?: number;
      reason?: string;
      version?: string;
      headers: SipHeaders;
      content?: string;
    }

    interface Connection {
      send(message: SipMessage): void;
      release(): void;
      readonly protocol: string;
      /** Set by the transaction layer for sends that need no retransmission. */
      reliable?: boolean;
    }

    interface ServerTransaction {
      send(response: SipMessage): void;
      message(request: SipMessage, remote?: unknown): void;
      shutdown(): void;
    }

    interface ClientTransaction {
      message(response: SipMessage, remote?: unknown): void;
      shutdown(): void;
    }

    interface TransactionLayer {
      createServerTransaction(request: SipMessage, connection: Connection): ServerTransaction;
      createClientTransaction(connection: Connection, request: SipMessage, onResponse: (response: SipMessage) => void): ClientTransaction;
      getServer(message: SipMessage): ServerTransaction | undefined;
      getClient(message: SipMessage): ClientTransaction | undefined;
      destroy(): void;
    }

    function parse(data: string | Buffer): SipMessage | undefined;
    function stringify(message: SipMessage): string;
    function makeResponse(request: SipMessage, status: number, reason?: string, extension?: { headers?: Partial<SipHeaders>; content?: string }): SipMessage;
    function makeStreamParser(onMessage: (message: SipMessage) => void, onFlood?: () => void, maxBytesHeaders?: number, maxContentLength?: number): (data: string) => void;
    function makeTransactionLayer(options: Record<string, unknown>, open: (target: unknown, onError?: (err: Error) => void) => Connection): TransactionLayer;
    function parseUri(text: string | SipUri): SipUri | undefined;
    function stringifyUri(uri: string | SipUri): string;
    function generateBranch(): string;
  }
  export = sip;
}

declare module 'sip/digest.js' {
  import type { SipMessage } from 'sip';

  namespace digest {
    /** The client side of a digest exchange, kept between the challenge and the signed request. */
    interface ClientContext {
      [field: string]: unknown;
    }
    function signRequest(context: ClientContext, request: SipMessage, challenge: SipMessage, credentials: { user: string; password: string; realm?: string }): ClientContext | null;
    function calculateDigest(input: { ha1: string; method: string; nonce: string; nc?: string; cnonce?: string; qop?: string; uri: string; entity?: string }): string;
    function calculateUserRealmPasswordHash(user: string, realm: string, password: string): string;
  }
  export = digest;
}
