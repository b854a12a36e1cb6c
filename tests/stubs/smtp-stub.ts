// A local SMTP server (smtp-server) that accepts and records messages, parsed the way a mail client would.
import type { AddressInfo } from "node:net";
import PostalMime, { type Email } from "postal-mime";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; user?: string; raw: string; parsed: Email };

type SmtpError = Error & { responseCode?: number };

/** A header of a received message as its recipient's client reads it (unfolded), or undefined. */
export function mailHeader(mail: ReceivedMail, name: string): string | undefined {
  return mail.parsed.headers.find((h) => h.key === name.toLowerCase())?.value;
}

function smtpError(code: number, message: string): SmtpError {
  const err: SmtpError = new Error(message);
  err.responseCode = code;
  return err;
}

export async function startSmtpStub(opts: { user?: string; pass?: string } = {}) {
  const received: ReceivedMail[] = [];
  /** Mailboxes answered with 550 at RCPT TO. */
  const rejected = new Set<string>();
  /** RCPT TO answers 451 (try again later) this many more times. */
  const state = { deferNext: 0 };

  const server = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: no TLS to negotiate, so credentials may go in the clear here.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: !opts.user,
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.pass)
        return callback(null, { user: auth.username });
      callback(smtpError(535, "Authentication credentials invalid"));
    },
    onRcptTo(address, _session, callback) {
      if (state.deferNext > 0) {
        state.deferNext--;
        return callback(smtpError(451, "Try again later"));
      }
      if (rejected.has(address.address)) return callback(smtpError(550, "Mailbox unavailable"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        PostalMime.parse(raw)
          .then((parsed) => {
            const mailFrom = session.envelope.mailFrom;
            received.push({
              from: mailFrom ? mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              user: session.user as string | undefined,
              raw,
              parsed,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const auth = opts.user ? `${encodeURIComponent(opts.user)}:${encodeURIComponent(opts.pass ?? "")}@` : "";
  return {
    url: `smtp://${auth}127.0.0.1:${port}`,
    port,
    received,
    rejected,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
