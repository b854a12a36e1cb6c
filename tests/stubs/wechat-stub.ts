// A local stand-in for the WeChat Official Account API: access tokens and template messages.
import { createServer } from "node:http";
import { closeServer, listen, readBody, sendJson } from "./http";

export type TemplateSend = { accessToken: string; body: Record<string, unknown> };

export async function startWeChatStub(opts: { appId?: string; appSecret?: string; expiresIn?: number } = {}) {
  const appId = opts.appId ?? "wx-test-app";
  const appSecret = opts.appSecret ?? "wx-test-secret";
  const state = {
    tokenFetches: 0,
    /** Delay before the token endpoint answers, to let concurrent sends pile up. */
    tokenDelayMs: 0,
    expiresIn: opts.expiresIn ?? 7200,
    /** The next template send with the current token answers 42001 and that token is dead. */
    expireTokenOnce: false,
    /** errcodes to answer the next template sends with, in order (e.g. -1 system busy). */
    sendErrors: [] as number[],
  };
  const validTokens = new Set<string>();
  const sends: TemplateSend[] = [];
  const attempts: TemplateSend[] = [];
  /** openids that do not follow the account (43004). */
  const unsubscribed = new Set<string>();
  let msgid = 1000;

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString("utf8");
    const url = new URL(req.url ?? "/", "http://stub");
    if (req.method === "GET" && url.pathname === "/cgi-bin/token") {
      state.tokenFetches++;
      if (state.tokenDelayMs) await new Promise((r) => setTimeout(r, state.tokenDelayMs));
      if (
        url.searchParams.get("grant_type") !== "client_credential" ||
        url.searchParams.get("appid") !== appId
      ) {
        return sendJson(res, 200, { errcode: 40013, errmsg: "invalid appid" });
      }
      if (url.searchParams.get("secret") !== appSecret) {
        return sendJson(res, 200, { errcode: 40125, errmsg: "invalid appsecret" });
      }
      const token = `token-${state.tokenFetches}`;
      validTokens.add(token);
      return sendJson(res, 200, { access_token: token, expires_in: state.expiresIn });
    }
    if (req.method === "POST" && url.pathname === "/cgi-bin/message/template/send") {
      const accessToken = url.searchParams.get("access_token") ?? "";
      const send = { accessToken, body: JSON.parse(raw) as Record<string, unknown> };
      attempts.push(send);
      if (!validTokens.has(accessToken)) {
        return sendJson(res, 200, { errcode: 40001, errmsg: "invalid credential, access_token is invalid" });
      }
      if (state.expireTokenOnce) {
        state.expireTokenOnce = false;
        validTokens.delete(accessToken);
        return sendJson(res, 200, { errcode: 42001, errmsg: "access_token expired" });
      }
      const errcode = state.sendErrors.shift();
      if (errcode !== undefined) return sendJson(res, 200, { errcode, errmsg: "programmed error" });
      const touser = String(send.body.touser ?? "");
      if (!/^o[\w-]{10,}$/.test(touser))
        return sendJson(res, 200, { errcode: 40003, errmsg: "invalid openid" });
      if (unsubscribed.has(touser))
        return sendJson(res, 200, { errcode: 43004, errmsg: "require subscribe" });
      sends.push(send);
      return sendJson(res, 200, { errcode: 0, errmsg: "ok", msgid: ++msgid });
    }
    sendJson(res, 404, { errcode: 404, errmsg: "not found" });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    state,
    sends,
    attempts,
    unsubscribed,
    close: () => closeServer(server),
  };
}
