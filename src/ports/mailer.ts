// Outbound email (voicemail and messages sent by email from a flow). The adapter speaks SMTP
// (nodemailer) to the server configured by MASQ_SMTP_URL; without one, email actions fail with a logged
// reason (never silently).

export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly MailAttachment[];
}

export interface MailReceipt {
  /** The SMTP server's Message-ID for the mail. */
  readonly messageId: string;
}

export class MailError extends Error {
  /** 'not-configured' (no SMTP server set), 'refused' (the server said no), 'unreachable'. */
  readonly failure: 'not-configured' | 'refused' | 'unreachable';
  constructor(failure: MailError['failure'], message: string) {
    super(message);
    this.name = 'MailError';
    this.failure = failure;
  }
}

export interface Mailer {
  /** Sends the mail; rejects with MailError when it could not be handed to the SMTP server. */
  send(mail: Mail): Promise<MailReceipt>;
}
