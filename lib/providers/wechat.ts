// WeChat Official Account template messages over the plain HTTP API, with a shared cached access token.
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import { errorForStatus, networkError, PROVIDER_TIMEOUT_MS, toProviderError } from "./errors";

export type WeChatConfig = {
  appId: string;
  appSecret: string;
  /** Default https://api.weixin.qq.com (tests: a local stub). */
  baseUrl?: string;
  timeoutMs?: number;
  /** Refresh this long before the token's expires_in runs out, so no send races the expiry. */
  tokenMarginMs?: number;
  /** Another fetch than the global one (the guarded one for a tenant's host). */
  fetch?: typeof fetch;
};

type WeChatReply = {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: number;
};

/** The access token was revoked or expired early (e.g. another system fetched a new one): fetch anew, once. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const RATE_LIMITED = new Set([45009, 45011]);
const SYSTEM_BUSY = -1;

function replyError(step: string, reply: WeChatReply): ProviderError {
  const code = reply.errcode ?? 0;
  const message = `wechat ${step}: errcode ${code} ${reply.errmsg ?? ""}`.trim();
  if (code === SYSTEM_BUSY) return new ProviderError(message, true, "provider_unavailable");
  if (RATE_LIMITED.has(code)) return new ProviderError(message, true, "rate_limited");
  if (step === "token") return new ProviderError(message, false, "misconfigured");
  if (code === 40003) return new ProviderError(message, false, "invalid_address");
  if (code === 43004 || code === 43019) return new ProviderError(message, false, "not_subscribed");
  if (TOKEN_INVALID.has(code)) return new ProviderError(message, true, "token_invalid");
  if (code === 40037) return new ProviderError(message, false, "invalid_template");
  return new ProviderError(message, false, "rejected");
}

/** WeChat wants `{key: {value}}`; a plain `{key: "text"}` is accepted and wrapped. */
function templateData(value: unknown): Record<string, { value: string; color?: string }> {
  const out: Record<string, { value: string; color?: string }> = {};
  if (!value || typeof value !== "object") return out;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v && typeof v === "object" && "value" in v) {
      const { value: text, color } = v as { value: unknown; color?: unknown };
      out[key] = { value: String(text), ...(typeof color === "string" ? { color } : {}) };
    } else if (v !== undefined && v !== null) {
      out[key] = { value: String(v) };
    }
  }
  return out;
}

export function createWeChatProvider(config: WeChatConfig): Provider {
  const base = (config.baseUrl ?? "https://api.weixin.qq.com").replace(/\/$/, "");
  const timeoutMs = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const marginMs = config.tokenMarginMs ?? 300_000;
  let cached: { value: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  const fetchWith = config.fetch ?? fetch;

  async function call(step: string, url: string, init?: RequestInit): Promise<WeChatReply> {
    let response: Response;
    try {
      response = await fetchWith(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw networkError(`wechat ${step}`, cause);
    }
    if (!response.ok) {
      throw errorForStatus(`wechat ${step}`, response.status, "", response.headers.get("retry-after"));
    }
    try {
      return (await response.json()) as WeChatReply;
    } catch (cause) {
      throw toProviderError(`wechat ${step}`, cause);
    }
  }

  async function fetchToken(): Promise<string> {
    const query = new URLSearchParams({
      grant_type: "client_credential",
      appid: config.appId,
      secret: config.appSecret,
    });
    const reply = await call("token", `${base}/cgi-bin/token?${query}`);
    if (!reply.access_token) throw replyError("token", reply);
    const lifetimeMs = (reply.expires_in ?? 7200) * 1000;
    // A short-lived token keeps at least half its life rather than going stale at once.
    cached = {
      value: reply.access_token,
      expiresAt: Date.now() + Math.max(lifetimeMs - marginMs, lifetimeMs / 2),
    };
    return reply.access_token;
  }

  /** The cached token, or one fetch shared by every send that needs a new one meanwhile. */
  function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.value);
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  async function sendWith(token: string, body: unknown): Promise<WeChatReply> {
    return call("send", `${base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  return {
    name: "wechat",
    channel: "wechat",
    async send(message: RenderedMessage) {
      const templateId = message.data?.template_id;
      if (typeof templateId !== "string" || templateId === "") {
        throw new ProviderError("wechat: data.template_id is required", false, "invalid_request");
      }
      const body = {
        touser: message.to,
        template_id: templateId,
        url: message.actionUrl,
        data: templateData(message.data?.data),
        // WeChat sends one message per openid + client_msg_id, so a retried delivery is not sent twice.
        client_msg_id: message.deliveryId,
      };
      let token = await accessToken();
      let reply = await sendWith(token, body);
      if (TOKEN_INVALID.has(reply.errcode ?? 0)) {
        // Only drop the token this send used: a concurrent send may already have fetched a fresh one.
        if (cached?.value === token) cached = undefined;
        token = await accessToken();
        reply = await sendWith(token, body);
      }
      if (reply.errcode) throw replyError("send", reply);
      return { providerMessageId: reply.msgid === undefined ? null : String(reply.msgid) };
    },
  };
}
