/**
 * Outgoing e-mail. With `SMTP_URL` set, messages go to that SMTP server through nodemailer;
 * without it (development, tests, a demo) each message is written as one RFC 5322 `.eml` file
 * in `<COMPTOIR_DATA>/outbox`, which any mail client opens.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * A stable key for this message (e.g. `order:<id>:shipped:<event id>`). In the outbox it names
   * the file, so a job that runs twice writes one file; over SMTP it becomes the Message-ID.
   */
  key?: string;
};

export type SentMail = { messageId: string; file?: string };

export type Mailer = {
  send(mail: Mail): Promise<SentMail>;
  /** `smtp` or `outbox`, for logs and docs. */
  readonly kind: 'smtp' | 'outbox';
};

export type MailerConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>;

export const outboxDir = (dataDir: string) => path.join(dataDir, 'outbox');

const mailers = new Map<string, Mailer>();

/** One mailer per configuration (the SMTP transport keeps its pooled connections). */
export function mailerFor(config: MailerConfig): Mailer {
  const key = `${config.smtpUrl ?? ''}|${config.dataDir}|${config.mailFrom}`;
  let mailer = mailers.get(key);
  if (!mailer) mailers.set(key, (mailer = createMailer(config)));
  return mailer;
}

// nodemailer is loaded with the first message, not by every node at start (issue 18's memory).
const transportOf = (options: Parameters<typeof import('nodemailer').createTransport>[0]) => {
  let transport: Promise<Transporter> | undefined;
  return () => (transport ??= import('nodemailer').then((m) => m.default.createTransport(options)));
};

export function createMailer(config: MailerConfig): Mailer {
  const domain = /@([^>\s]+)/.exec(config.mailFrom)?.[1] ?? 'localhost';
  const messageId = (key: string | undefined) =>
    `<${key ? createHash('sha256').update(key).digest('hex').slice(0, 32) : crypto.randomUUID()}@${domain}>`;
  if (config.smtpUrl) {
    const transport = transportOf(config.smtpUrl);
    return {
      kind: 'smtp',
      async send(mail) {
        const id = messageId(mail.key);
        await (await transport()).sendMail({
          from: config.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: id,
        });
        return { messageId: id };
      },
    };
  }
  // streamTransport builds the full MIME message without sending it anywhere.
  const builder = transportOf({ streamTransport: true, buffer: true, newline: 'unix' });
  const folder = outboxDir(config.dataDir);
  return {
    kind: 'outbox',
    async send(mail) {
      const id = messageId(mail.key);
      const info = await (await builder()).sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: id,
      });
      const message = info.message as unknown as Buffer;
      await mkdir(folder, { recursive: true });
      const name = mail.key
        ? `${createHash('sha256').update(mail.key).digest('hex').slice(0, 24)}.eml`
        : `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID().slice(0, 8)}.eml`;
      const file = path.join(folder, name);
      // Write then rename: a reader never sees half a message; the same key overwrites itself.
      const temporary = `${file}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
      await writeFile(temporary, message);
      await rename(temporary, file);
      return { messageId: id, file };
    },
  };
}
