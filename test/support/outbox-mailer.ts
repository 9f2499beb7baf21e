// A Mailer for use-case tests: records every mail it accepts, or refuses as an installation without
// MASQ_SMTP_URL does (failWith 'not-configured'), or as a failing SMTP server would.
import { MailError, type Mail, type Mailer, type MailReceipt } from '../../src/ports/mailer.ts';

export class OutboxMailer implements Mailer {
  readonly sent: Mail[] = [];
  /** When set, every send rejects with this failure. */
  failWith: MailError['failure'] | null = null;
  async send(mail: Mail): Promise<MailReceipt> {
    if (this.failWith) throw new MailError(this.failWith, `test mailer refuses: ${this.failWith}`);
    this.sent.push(mail);
    return { messageId: `<test-${this.sent.length}@masq.invalid>` };
  }
}
