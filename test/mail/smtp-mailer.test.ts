// The SMTP adapter against a real SMTP server on loopback: what a flow's voicemail email looks like when
// it arrives, and how each way of failing is named (MailError.failure).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { voicemailWav } from '../../src/app/recordings/sandbox-audio.ts';
import { sendMail } from '../../src/app/mail/send-mail.ts';
import { createSmtpMailer, smtpOptionsOf } from '../../src/mail/smtp-mailer.ts';
import { MailError, type Mail } from '../../src/ports/mailer.ts';
import { attachmentOf, deadPort, startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';

const wav = voicemailWav('Call me back about the delivery', 3);
const voicemail: Mail = {
  to: ['owner@example.invalid'],
  subject: 'Voicemail from +14155550100',
  text: 'A 3 second voicemail for +14155550111.',
  attachments: [{ filename: 'RE0123.wav', contentType: 'audio/wav', content: wav }],
};

const failureOf = async (promise: Promise<unknown>): Promise<MailError['failure']> => {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof MailError, `expected a MailError, got ${String(err)}`);
    return err.failure;
  }
  assert.fail('the send did not fail');
};

describe('SMTP mailer', () => {
  let open: SmtpPeer;
  let authenticated: SmtpPeer;
  before(async () => {
    open = await startSmtpPeer({ refuse: ['nobody@example.invalid'] });
    authenticated = await startSmtpPeer({ login: { user: 'masq', pass: 's3cret/+:' } });
  });
  after(async () => {
    await open.close();
    await authenticated.close();
  });

  test('the mail arrives from MASQ_SMTP_FROM with its text and the WAV attached, byte for byte', async () => {
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${open.port}`, from: 'voicemail@masq.invalid' });
    const receipt = await mailer.send(voicemail);
    assert.match(receipt.messageId, /^<.+@.+>$/);
    const mail = open.received.at(-1);
    assert.ok(mail);
    assert.equal(mail.from, 'voicemail@masq.invalid');
    assert.deepEqual(mail.to, ['owner@example.invalid']);
    assert.match(mail.raw, /^Subject: Voicemail from \+14155550100\r$/m);
    assert.match(mail.raw, /A 3 second voicemail for \+14155550111\./);
    assert.deepEqual(attachmentOf(mail.raw, 'RE0123.wav'), { contentType: 'audio/wav', data: wav });
  });

  test('with user:pass in the URL it logs in (percent-encoded characters decoded)', async () => {
    const mailer = createSmtpMailer({ url: `smtp://masq:${encodeURIComponent('s3cret/+:')}@127.0.0.1:${authenticated.port}`, from: 'masq@masq.invalid' });
    await mailer.send(voicemail);
    assert.equal(authenticated.received.at(-1)?.user, 'masq');
  });

  test('a wrong password is refused, and so is a recipient the server does not take', async () => {
    const wrong = createSmtpMailer({ url: `smtp://masq:nope@127.0.0.1:${authenticated.port}`, from: 'masq@masq.invalid' });
    assert.equal(await failureOf(wrong.send(voicemail)), 'refused');
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${open.port}`, from: 'masq@masq.invalid' });
    assert.equal(await failureOf(mailer.send({ ...voicemail, to: ['nobody@example.invalid'] })), 'refused');
  });

  test('nothing listening is unreachable, and so is a host that does not resolve', async () => {
    const dead = createSmtpMailer({ url: `smtp://127.0.0.1:${await deadPort()}`, from: 'masq@masq.invalid', timeoutMs: 2_000 });
    assert.equal(await failureOf(dead.send(voicemail)), 'unreachable');
    const nowhere = createSmtpMailer({ url: 'smtp://mail.nowhere.invalid:25', from: 'masq@masq.invalid', timeoutMs: 2_000 });
    assert.equal(await failureOf(nowhere.send(voicemail)), 'unreachable');
  });

  test('without MASQ_SMTP_URL every send fails as not-configured, and sendMail reports it without throwing', async () => {
    const mailer = createSmtpMailer({ url: null, from: 'masq@localhost' });
    assert.equal(await failureOf(mailer.send(voicemail)), 'not-configured');
    const outcome = await sendMail({ mailer }, voicemail);
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /MASQ_SMTP_URL/);
  });

  test('sendMail answers the message id of a delivered mail', async () => {
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${open.port}`, from: 'masq@masq.invalid' });
    const outcome = await sendMail({ mailer }, voicemail);
    assert.equal(outcome.kind, 'sent');
  });

  test('URLs: smtps is TLS on 465 by default, smtp 587 with STARTTLS when offered; nothing is read from files or URLs', () => {
    const secure = smtpOptionsOf('smtps://u%40x:p%3Aw@mail.example.invalid', 1_000);
    assert.equal(secure.secure, true);
    assert.equal(secure.port, 465);
    assert.deepEqual(secure.auth, { user: 'u@x', pass: 'p:w' });
    const plain = smtpOptionsOf('smtp://[::1]:2525', 1_000);
    assert.deepEqual([plain.secure, plain.port, plain.host, plain.auth], [false, 2525, '::1', undefined]);
    assert.equal(smtpOptionsOf('smtp://mail.example.invalid', 1_000).port, 587);
    assert.deepEqual([plain.disableFileAccess, plain.disableUrlAccess], [true, true]);
    assert.throws(() => smtpOptionsOf('http://mail.example.invalid', 1_000), /smtp/);
  });
});
