// The npm `smpp` package ships no types: the part of its surface masq uses, declared here and used only
// through smpp-client.ts (and the tests' in-process SMSC). PDU fields are the SMPP 3.4 parameter names.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  // CommonJS (`module.exports`): imported as `import smpp from 'smpp'`.
  namespace smpp {
    /** A decoded short_message: its text, and the User Data Header elements when esm_class says UDHI. */
    interface DecodedMessage {
      readonly message: string | Buffer;
      readonly udh?: readonly Buffer[];
    }

    /** A PDU as the library reads and writes it: the header, then the command's parameters and TLVs by name. */
    class PDU {
      constructor(command: string, options?: Readonly<Record<string, unknown>>);
      command: string;
      command_status: number;
      sequence_number: number;
      readonly [field: string]: unknown;
      isResponse(): boolean;
      response(options?: Readonly<Record<string, unknown>>): PDU;
      toBuffer(): Buffer;
    }

    class Session extends EventEmitter {
      readonly socket: Socket;
      send(pdu: PDU, onResponse?: (response: PDU) => void): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
    }

    class Server extends NetServer {
      readonly sessions: Session[];
    }

    interface ConnectOptions {
      readonly host: string;
      readonly port: number;
      readonly tls?: boolean;
    }

    function connect(options: ConnectOptions, listener?: () => void): Session;
    function createServer(listener: (session: Session) => void): Server;

    interface TextCoder {
      encode(text: string): Buffer;
      decode(bytes: Buffer): string;
    }
    const encodings: { readonly ASCII: TextCoder; readonly UCS2: TextCoder; readonly LATIN1: TextCoder };
  }
  export = smpp;
}
