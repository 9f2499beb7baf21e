// The Mailer adapter: SMTP through nodemailer, to the server of MASQ_SMTP_URL (smtp://user:pass@host:587
// upgrades with STARTTLS when the server offers it; smtps://...:465 is TLS from the first byte). Without a
// URL every send fails with MailError('not-configured'), so a flow's email action is logged as failed
// rather than lost without a word.
import nodemailer from 'nodemailer';
import type { NodemailerError, SMTPTransportOptions } from 'nodemailer';
import { MailError, type Mail, type Mailer, type MailReceipt } from '../ports/mailer.ts';

export interface SmtpMailerSettings {
  /** smtp:// or smtps://, with user:pass when the server wants authentication; null: email is not configured. */
  readonly url: string | null;
  /** The From address of every mail. */
  readonly from: string;
  /** Connect, greeting and idle limits of one delivery; a flow's job must not hang on a dead server. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** nodemailer's codes of failures before the server could answer: nobody (or nothing sane) was there. */
const UNREACHABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY']);

const isNodemailerError = (err: unknown): err is NodemailerError => err instanceof Error;

/** What a failed send means to masq: the server said no (refused), or could not be talked to (unreachable). */
export const mailFailureOf = (err: unknown): MailError => {
  if (!isNodemailerError(err)) return new MailError('unreachable', 'the SMTP delivery failed');
  // A reply code means a server answered: whatever it said, it refused the mail.
  if (err.responseCode === undefined && UNREACHABLE_CODES.has(err.code ?? '')) {
    return new MailError('unreachable', `the SMTP server could not be reached (${err.code})`);
  }
  const reply = err.response ? `: ${err.response}` : '';
  return new MailError('refused', `the SMTP server refused the mail (${err.code ?? 'error'})${reply}`);
};

/** The transport options of an smtp:// or smtps:// URL; credentials may be percent-encoded. */
export const smtpOptionsOf = (url: string, timeoutMs: number): SMTPTransportOptions => {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error('MASQ_SMTP_URL must start with smtp:// or smtps://');
  const secure = parsed.protocol === 'smtps:';
  const user = decodeURIComponent(parsed.username);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(user && { auth: { user, pass: decodeURIComponent(parsed.password) } }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Attachments are buffers masq built: never let a path or URL in a mail make nodemailer read files or fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
};

export const createSmtpMailer = (settings: SmtpMailerSettings): Mailer => {
  if (!settings.url) {
    return { send: async () => { throw new MailError('not-configured', 'email is not configured (set MASQ_SMTP_URL)'); } };
  }
  const transport = nodemailer.createTransport(smtpOptionsOf(settings.url, settings.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  return {
    send: async (mail: Mail): Promise<MailReceipt> => {
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: [...mail.to],
          subject: mail.subject,
          text: mail.text,
          attachments: mail.attachments.map((attachment) => ({
            filename: attachment.filename, contentType: attachment.contentType, content: attachment.content,
          })),
        });
        return { messageId: info.messageId };
      } catch (err) {
        throw mailFailureOf(err);
      }
    },
  };
};
