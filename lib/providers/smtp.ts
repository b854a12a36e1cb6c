// Email over SMTP (nodemailer) to the server in SMTP_URL.
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { emailBodyOf } from "./email/render";
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import { networkError, PROVIDER_TIMEOUT_MS } from "./errors";

export type SmtpConfig = {
  /** smtp://user:pass@host:587 or smtps://…:465; query options (e.g. ?pool=false) override the defaults. */
  url: string;
  from: string;
  timeoutMs?: number;
  /** Opens the connection instead of nodemailer (the guarded one for a tenant's host). */
  getSocket?: SMTPPool.Options["getSocket"];
};

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

// Node-level codes and nodemailer's own: errors that say nothing about this message, only the connection.
const CONFIG_CODES = new Set(["ECONFIG", "ENOAUTH", "EREQUIRETLS", "EFILEACCESS", "EURLACCESS", "EOAUTH2"]);
// RCPT TO answers that mean the mailbox is wrong, not the server busy.
const BAD_MAILBOX_CODES = new Set([501, 550, 551, 553]);

export function classifySmtpError(cause: unknown): ProviderError {
  const err = cause as SmtpError;
  const code = err?.code;
  const status = err?.responseCode;
  const detail = err?.response ?? err?.message ?? String(cause);
  if (typeof status === "number" && status >= 500) {
    if (code === "EAUTH") return new ProviderError(`smtp: ${detail}`, false, "unauthorized");
    if (code === "EENVELOPE" && BAD_MAILBOX_CODES.has(status)) {
      return new ProviderError(`smtp: ${detail}`, false, "invalid_address");
    }
    return new ProviderError(`smtp: ${detail}`, false, "rejected");
  }
  // 4xx: greylisting, mailbox busy, server short of resources — the server asks to come back later.
  if (typeof status === "number" && status >= 400)
    return new ProviderError(`smtp: ${detail}`, true, "deferred");
  if (code === "EAUTH") return new ProviderError(`smtp: ${detail}`, false, "unauthorized");
  if (code === "EENVELOPE") return new ProviderError(`smtp: ${detail}`, false, "invalid_address");
  if (code && CONFIG_CODES.has(code)) return new ProviderError(`smtp: ${detail}`, false, "misconfigured");
  return networkError("smtp", cause);
}

/** The host part of "Name <user@host>" or "user@host", for a Message-ID in the sender's domain. */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split("@")[1]?.trim() || "herald.local";
}

export function createSmtpProvider(config: SmtpConfig): Provider {
  const timeoutMs = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  // nodemailer ignores other options when given a URL, so the URL is parsed and merged here.
  const fromUrl = parseConnectionUrl(config.url) as Record<string, unknown>;
  const options = {
    pool: true,
    maxConnections: 5,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    ...fromUrl,
    ...(config.getSocket ? { getSocket: config.getSocket } : {}),
  } as SMTPPool.Options;
  const transport: Transporter = nodemailer.createTransport(options);
  const domain = domainOf(config.from);
  return {
    name: "smtp",
    channel: "email",
    async send(message: RenderedMessage) {
      const body = await emailBodyOf(message);
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.title,
          text: body.text,
          html: body.html,
          // SMTP has no idempotency key; a stable Message-ID lets receiving servers drop a retried duplicate.
          messageId: `<${message.deliveryId}@${domain}>`,
          headers: { ...message.headers, "X-Herald-Delivery-Id": message.deliveryId },
        });
        return { providerMessageId: (info as { messageId?: string }).messageId ?? null };
      } catch (cause) {
        throw classifySmtpError(cause);
      }
    },
    async close() {
      transport.close();
    },
  };
}
