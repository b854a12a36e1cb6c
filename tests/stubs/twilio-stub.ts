// A local stand-in for Twilio's Messages API that checks basic auth and records each message.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { closeServer, FailurePlan, listen, readBody, sendJson } from "./http";

export type TwilioMessage = {
  accountSid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
};

export async function startTwilioStub(opts: { accountSid?: string; authToken?: string } = {}) {
  const accountSid = opts.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = opts.authToken ?? randomBytes(16).toString("hex");
  const messages: (TwilioMessage & { sid: string })[] = [];
  const failures = new FailurePlan();
  /** Numbers Twilio would call invalid (error 21211). */
  const invalidNumbers = new Set<string>();
  let attempts = 0;

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString("utf8");
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) {
      return sendJson(res, 404, {
        code: 20404,
        message: "The requested resource was not found",
        status: 404,
      });
    }
    attempts++;
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (req.headers.authorization !== expected || match[1] !== accountSid) {
      return sendJson(res, 401, { code: 20003, message: "Authenticate", status: 401 });
    }
    const failure = failures.next();
    if (failure) {
      return sendJson(
        res,
        failure.status,
        failure.body ?? { status: failure.status, message: "failure" },
        failure.headers,
      );
    }
    const form = new URLSearchParams(raw);
    const to = form.get("To") ?? "";
    if (invalidNumbers.has(to)) {
      return sendJson(res, 400, {
        code: 21211,
        message: `Invalid 'To' Phone Number: ${to}`,
        more_info: "https://www.twilio.com/docs/errors/21211",
        status: 400,
      });
    }
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const message = {
      sid,
      accountSid,
      to,
      from: form.get("From") ?? undefined,
      messagingServiceSid: form.get("MessagingServiceSid") ?? undefined,
      body: form.get("Body") ?? "",
    };
    messages.push(message);
    sendJson(res, 201, {
      sid,
      account_sid: accountSid,
      to,
      from: message.from ?? null,
      messaging_service_sid: message.messagingServiceSid ?? null,
      body: message.body,
      status: "queued",
      num_segments: "1",
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    failures,
    invalidNumbers,
    attempts: () => attempts,
    close: () => closeServer(server),
  };
}
