// A real SMTP server on 127.0.0.1 (smtp-server) for the mailer's tests: it keeps every message it
// accepts (raw MIME) and can be told to demand a login or to refuse recipients.
import { createServer } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly user: string | null;
  readonly raw: string;
}

export interface SmtpPeerOptions {
  /** user:pass the server accepts; absent: no login needed (and none offered). */
  readonly login?: { readonly user: string; readonly pass: string };
  /** Recipients answered 550 (unknown mailbox). */
  readonly refuse?: readonly string[];
}

export interface SmtpPeer {
  readonly port: number;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

const addressOf = (address: SMTPServerAddress | false): string => (address ? address.address : '');

/** A 550 the way smtp-server sends a custom reply code. */
const mailboxUnavailable = (): Error => Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });

export const startSmtpPeer = async (options: SmtpPeerOptions = {}): Promise<SmtpPeer> => {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: STARTTLS would offer smtp-server's self-signed certificate, which a correct client refuses.
    disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.login,
    logger: false,
    onAuth: (auth, _session, callback) => {
      const ok = options.login && auth.username === options.login.user && auth.password === options.login.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(new Error('invalid username or password'));
    },
    onRcptTo: (address, _session, callback) => callback(options.refuse?.includes(address.address) ? mailboxUnavailable() : null),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: addressOf(session.envelope.mailFrom),
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    const listening = server.listen(0, '127.0.0.1', () => {
      const address = listening.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
};

/** A loopback port nobody listens on (bound, then released). */
export const deadPort = (): Promise<number> => new Promise((resolve, reject) => {
  const probe = createServer();
  probe.on('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    probe.close(() => resolve(port));
  });
});

/** The decoded attachment named `filename` in a raw MIME message (base64 parts, as nodemailer writes them). */
export const attachmentOf = (raw: string, filename: string): { contentType: string; data: Buffer } | null => {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return null;
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const headers = part.slice(0, split);
    if (!headers.includes(`filename=${filename}`) && !headers.includes(`filename="${filename}"`)) continue;
    const contentType = /content-type:\s*([^;\r\n]+)/i.exec(headers)?.[1]?.trim() ?? '';
    return { contentType, data: Buffer.from(part.slice(split + 4).replace(/\s+/g, ''), 'base64') };
  }
  return null;
};
