// A local stand-in for Resend's API (POST /emails) that records what it was sent.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { closeServer, FailurePlan, listen, readBody, sendJson } from "./http";

export type ResendRequest = {
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: {
    from: string;
    to: string | string[];
    subject: string;
    html?: string;
    text?: string;
    /** Custom headers, as Resend's API takes them (e.g. List-Unsubscribe). */
    headers?: Record<string, string>;
  };
  /** When the stub accepted it (scheduled sends are checked against their time). */
  receivedAt: Date;
};

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** `downApiKey`: an account of this API that is down, answering 500 to every request (a failover's first provider). */
export async function startResendStub(opts: { apiKey?: string; downApiKey?: string } = {}) {
  const apiKey = opts.apiKey ?? "re_test_key";
  let downAttempts = 0;
  /** Emails accepted, one per idempotency key. */
  const emails: ResendRequest[] = [];
  let attempts = 0;
  /** Every POST /emails in order: its idempotency key, when it came, what it was answered. */
  const log: { key: string | undefined; at: number; status: number | "hang" }[] = [];
  const failures = new FailurePlan();
  const byKey = new Map<string, { id: string; payload: string }>();

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString("utf8");
    if (req.method !== "POST" || req.url !== "/emails") {
      return sendJson(res, 404, { statusCode: 404, name: "not_found", message: "Not found" });
    }
    attempts++;
    if (opts.downApiKey && req.headers.authorization === `Bearer ${opts.downApiKey}`) {
      downAttempts++;
      return sendJson(res, 500, { statusCode: 500, name: "internal_server_error", message: "down" });
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(res, 403, { statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });
    }
    const failure = failures.next();
    const key = req.headers["idempotency-key"] as string | undefined;
    if (failure?.hang) {
      log.push({ key, at: Date.now(), status: "hang" });
      return; // no answer: the provider's own timeout ends it
    }
    const entry: (typeof log)[number] = { key, at: Date.now(), status: failure?.status ?? 200 };
    log.push(entry);
    if (failure) {
      return sendJson(
        res,
        failure.status,
        failure.body ?? {
          statusCode: failure.status,
          name: "application_error",
          message: "programmed failure",
        },
        failure.headers,
      );
    }
    const body = JSON.parse(raw) as ResendRequest["body"];
    if (
      body.headers !== undefined &&
      (typeof body.headers !== "object" ||
        body.headers === null ||
        Object.values(body.headers).some((v) => typeof v !== "string"))
    ) {
      return sendJson(res, 422, {
        statusCode: 422,
        name: "validation_error",
        message: "Invalid `headers` field. It must be an object of header names to string values.",
      });
    }
    const recipients = Array.isArray(body.to) ? body.to : [body.to];
    if (recipients.some((to) => !EMAIL.test(to))) {
      entry.status = 422;
      return sendJson(res, 422, {
        statusCode: 422,
        name: "validation_error",
        message: "Invalid `to` field. The email address needs to follow the `email@example.com` format.",
      });
    }
    // Resend's contract: the same key and payload answer the first result; another payload is a 409.
    if (key) {
      const seen = byKey.get(key);
      if (seen && seen.payload !== raw) {
        return sendJson(res, 409, {
          statusCode: 409,
          name: "invalid_idempotent_request",
          message: "Same idempotency key used with a different request payload.",
        });
      }
      if (seen) return sendJson(res, 200, { id: seen.id });
    }
    const id = randomUUID();
    if (key) byKey.set(key, { id, payload: raw });
    emails.push({
      idempotencyKey: key,
      authorization: req.headers.authorization,
      body,
      receivedAt: new Date(),
    });
    sendJson(res, 200, { id });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    emails,
    failures,
    /** Requests to POST /emails, failed and repeated ones included. */
    attempts: () => attempts,
    log,
    /** Requests made with `downApiKey`. */
    downAttempts: () => downAttempts,
    close: () => closeServer(server),
  };
}
