// Local stand-ins for the chat apps' webhook and bot APIs, one per app on one loopback server (each
// app's real paths, so one origin serves as every *_BASE_URL): they check the real request format,
// signatures and credentials, and answer as the real APIs do, errors included.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listen, readBody, sendJson } from "./http";

type Json = Record<string, unknown>;
/** false: not this app's path; true: answered with a refusal; "accepted": the app took the message. */
type Handled = boolean | "accepted";
export type ChatReceived = {
  accepted: boolean;
  provider: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage["headers"];
  body: Json;
};

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/html", ...headers });
  res.end(body);
}

/** Slack: incoming webhooks (/services/T/B/secret) answer "ok" or an error word; chat.postMessage answers {ok}. */
function slackStub() {
  const state = {
    hooks: new Set<string>(),
    botToken: "xoxb-test-bot-token",
    channels: new Set<string>(["C0OPSROOM1"]),
    /** Programmed answers for the next webhook posts. */
    hookFailures: [] as { status: number; body: string; headers?: Record<string, string> }[],
    /** Programmed `error` words (and statuses) for the next chat.postMessage calls. */
    apiFailures: [] as { status?: number; error: string; headers?: Record<string, string> }[],
    ts: 1_700_000_000,
  };
  return {
    state,
    handle(path: string, req: IncomingMessage, body: Json | null, res: ServerResponse): Handled {
      if (path.startsWith("/services/")) {
        const failure = state.hookFailures.shift();
        if (failure) return (text(res, failure.status, failure.body, failure.headers), true);
        if (!state.hooks.has(path)) return (text(res, 404, "no_service"), true);
        if (!body || (typeof body.text !== "string" && !Array.isArray(body.blocks))) {
          return (text(res, 400, "invalid_payload"), true);
        }
        return (text(res, 200, "ok"), "accepted");
      }
      if (path === "/api/chat.postMessage") {
        const auth = req.headers.authorization ?? "";
        if (!auth.startsWith("Bearer "))
          return (sendJson(res, 200, { ok: false, error: "not_authed" }), true);
        if (!sameText(auth.slice(7), state.botToken))
          return (sendJson(res, 200, { ok: false, error: "invalid_auth" }), true);
        const failure = state.apiFailures.shift();
        if (failure)
          return (
            sendJson(res, failure.status ?? 200, { ok: false, error: failure.error }, failure.headers),
            true
          );
        if (!body || typeof body.channel !== "string")
          return (sendJson(res, 200, { ok: false, error: "invalid_arguments" }), true);
        if (!state.channels.has(body.channel))
          return (sendJson(res, 200, { ok: false, error: "channel_not_found" }), true);
        if (typeof body.text !== "string" && !Array.isArray(body.blocks))
          return (sendJson(res, 200, { ok: false, error: "no_text" }), true);
        const ts = `${++state.ts}.000100`;
        return (
          sendJson(res, 200, { ok: true, channel: body.channel, ts, message: { text: body.text } }),
          "accepted"
        );
      }
      return false;
    },
  };
}

/** Teams: an incoming webhook takes a message whose attachment is an Adaptive Card, and answers "1". */
function teamsStub() {
  const state = {
    hooks: new Set<string>(),
    failures: [] as { status: number; body: string; headers?: Record<string, string> }[],
  };
  return {
    state,
    handle(path: string, _req: IncomingMessage, body: Json | null, res: ServerResponse): Handled {
      if (!path.startsWith("/webhookb2/")) return false;
      const failure = state.failures.shift();
      if (failure) return (text(res, failure.status, failure.body, failure.headers), true);
      if (!state.hooks.has(path)) return (text(res, 404, "Webhook not found"), true);
      const attachment = (body?.attachments as Json[] | undefined)?.[0];
      const card = attachment?.content as Json | undefined;
      if (
        body?.type !== "message" ||
        attachment?.contentType !== "application/vnd.microsoft.card.adaptive" ||
        card?.type !== "AdaptiveCard" ||
        !Array.isArray(card.body)
      ) {
        return (text(res, 400, "Bad payload received by generic incoming webhook."), true);
      }
      return (text(res, 200, "1"), "accepted");
    },
  };
}

/** DingTalk: /robot/send?access_token=…, signed robots need timestamp (ms, within an hour) and sign. */
function dingTalkStub() {
  const state = { robots: new Map<string, string | null>(), errcodes: [] as number[] };
  return {
    state,
    handle(
      path: string,
      _req: IncomingMessage,
      body: Json | null,
      res: ServerResponse,
      query: URLSearchParams,
    ): Handled {
      if (path !== "/robot/send") return false;
      const token = query.get("access_token") ?? "";
      if (!state.robots.has(token))
        return (sendJson(res, 200, { errcode: 300001, errmsg: "token is not exist" }), true);
      const secret = state.robots.get(token);
      if (secret) {
        const timestamp = query.get("timestamp") ?? "";
        const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
        const fresh = Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
        if (!fresh || !sameText(query.get("sign") ?? "", expected)) {
          return (
            sendJson(res, 200, {
              errcode: 310000,
              errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]",
            }),
            true
          );
        }
      }
      const errcode = state.errcodes.shift();
      if (errcode !== undefined)
        return (
          sendJson(res, 200, {
            errcode,
            errmsg: errcode === 130101 ? "send too fast, exceed 20 times per minute" : "programmed",
          }),
          true
        );
      const md = body?.markdown as Json | undefined;
      if (body?.msgtype !== "markdown" || typeof md?.title !== "string" || typeof md?.text !== "string") {
        return (sendJson(res, 200, { errcode: 40035, errmsg: "缺少参数 json" }), true);
      }
      return (sendJson(res, 200, { errcode: 0, errmsg: "ok" }), "accepted");
    },
  };
}

/** WeCom: /cgi-bin/webhook/send?key=…, markdown content of at most 4096 bytes. */
function weComStub() {
  const state = { keys: new Set<string>(), errcodes: [] as number[] };
  return {
    state,
    handle(
      path: string,
      _req: IncomingMessage,
      body: Json | null,
      res: ServerResponse,
      query: URLSearchParams,
    ): Handled {
      if (path !== "/cgi-bin/webhook/send") return false;
      if (!state.keys.has(query.get("key") ?? "")) {
        return (
          sendJson(res, 200, {
            errcode: 93000,
            errmsg: "invalid webhook url, hint: [1700000000_1], from ip: 127.0.0.1",
          }),
          true
        );
      }
      const errcode = state.errcodes.shift();
      if (errcode !== undefined)
        return (
          sendJson(res, 200, { errcode, errmsg: errcode === 45009 ? "api freq out of limit" : "programmed" }),
          true
        );
      const content = (body?.markdown as Json | undefined)?.content;
      if (body?.msgtype !== "markdown" || typeof content !== "string")
        return (sendJson(res, 200, { errcode: 40008, errmsg: "invalid message type" }), true);
      if (Buffer.byteLength(content) > 4096)
        return (
          sendJson(res, 200, { errcode: 40058, errmsg: "markdown.content exceed max length 4096" }),
          true
        );
      return (sendJson(res, 200, { errcode: 0, errmsg: "ok" }), "accepted");
    },
  };
}

/** Feishu: /open-apis/bot/v2/hook/<id>; a signed bot needs body timestamp (s, within an hour) and sign. */
function feishuStub() {
  const state = {
    bots: new Map<string, string | null>(),
    failures: [] as { status: number; code: number; msg: string }[],
  };
  return {
    state,
    handle(path: string, _req: IncomingMessage, body: Json | null, res: ServerResponse): Handled {
      const m = /^\/open-apis\/bot\/v2\/hook\/([\w-]+)$/.exec(path);
      if (!m) return false;
      const id = m[1]!;
      if (!state.bots.has(id))
        return (
          sendJson(res, 200, {
            code: 19001,
            data: {},
            msg: "param invalid: incoming webhook access token invalid",
          }),
          true
        );
      const secret = state.bots.get(id);
      if (secret) {
        const timestamp = String(body?.timestamp ?? "");
        const expected = createHmac("sha256", `${timestamp}\n${secret}`).update("").digest("base64");
        const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 3600;
        if (!fresh || !sameText(String(body?.sign ?? ""), expected)) {
          return (
            sendJson(res, 200, {
              code: 19021,
              data: {},
              msg: "sign match fail or timestamp is not within one hour from current time",
            }),
            true
          );
        }
      }
      const failure = state.failures.shift();
      if (failure)
        return (sendJson(res, failure.status, { code: failure.code, data: {}, msg: failure.msg }), true);
      const type = body?.msg_type;
      const ok =
        (type === "text" && typeof (body?.content as Json | undefined)?.text === "string") ||
        (type === "interactive" && Array.isArray((body?.card as Json | undefined)?.elements));
      if (!ok) return (sendJson(res, 400, { code: 9499, data: {}, msg: "Bad Request" }), true);
      return (
        sendJson(res, 200, { StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg: "success" }),
        "accepted"
      );
    },
  };
}

export async function startChatStubs() {
  const slack = slackStub();
  const teams = teamsStub();
  const dingtalk = dingTalkStub();
  const wecom = weComStub();
  const feishu = feishuStub();
  const stubs = { slack, teams, dingtalk, wecom, feishu };
  const received: ChatReceived[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    const raw = (await readBody(req)).toString("utf8");
    let body: Json | null = null;
    try {
      body = raw ? (JSON.parse(raw) as Json) : null;
    } catch {
      body = null;
    }
    for (const [provider, stub] of Object.entries(stubs)) {
      const before = res.headersSent;
      const handled = req.method === "POST" && stub.handle(url.pathname, req, body, res, url.searchParams);
      if (handled) {
        if (!before) {
          received.push({
            accepted: handled === "accepted",
            provider,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: req.headers,
            body: body ?? {},
          });
        }
        return;
      }
    }
    text(res, 404, "not found");
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    ...stubs,
    received,
    /** What one app took (accepted), in order. */
    of: (provider: keyof typeof stubs) => received.filter((r) => r.provider === provider && r.accepted),
    /** Every request one app answered, refusals included. */
    attemptsOf: (provider: keyof typeof stubs) => received.filter((r) => r.provider === provider),
    close: () => closeServer(server),
  };
}
