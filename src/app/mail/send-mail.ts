// Sends an email through the configured Mailer. Delivery problems (no SMTP server configured, the server
// refusing, nobody answering) are an outcome the caller logs on the traffic record, not an exception:
// a flow's email action failing must never break the call or message it belongs to.
import { MailError, type Mail } from '../../ports/mailer.ts';
import type { AppDeps } from '../deps.ts';

export type MailOutcome =
  | { readonly kind: 'sent'; readonly messageId: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly failure: MailError['failure'] };

export const sendMail = async (deps: Pick<AppDeps, 'mailer'>, mail: Mail): Promise<MailOutcome> => {
  try {
    const receipt = await deps.mailer.send(mail);
    return { kind: 'sent', messageId: receipt.messageId };
  } catch (err) {
    if (err instanceof MailError) return { kind: 'failed', reason: err.message, failure: err.failure };
    // A Mailer that broke its contract (threw something else) is still a failed delivery, said plainly.
    return { kind: 'failed', reason: err instanceof Error ? err.message : String(err), failure: 'unreachable' };
  }
};
