// DingTalk custom robot: Markdown to /robot/send, signed in the query when the robot has a secret.
import { createHmac } from "node:crypto";
import { ProviderError, type Provider } from "../types";
import {
  badDestination,
  partsOf,
  postJson,
  RATE_WINDOW_MS,
  settleErrcode,
  type ChatFetch,
  type ErrcodeReply,
} from "./http";
import { parseDestination } from "./destination";

/** base64(HMAC-SHA256(secret, "<timestamp ms>\n<secret>")): the robot's "加签" security setting. */
export function dingTalkSign(timestampMs: string, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

function replyError(reply: ErrcodeReply): ProviderError {
  const code = reply.errcode ?? 0;
  const message = `dingtalk: errcode ${code} ${reply.errmsg ?? ""}`.trim();
  if (code === 130101 || code === 410100)
    return new ProviderError(message, true, "rate_limited", RATE_WINDOW_MS);
  if (code === -1) return new ProviderError(message, true, "provider_unavailable");
  if (code === 310000) return new ProviderError(message, false, "signature_invalid");
  // 300001: an access token no robot has; 400101/400102: the robot was removed or stopped.
  if (code === 300001 || code === 400101 || code === 400102) {
    return new ProviderError(message, false, "invalid_address");
  }
  return new ProviderError(message, false, "rejected");
}

export function createDingTalkProvider(config: { fetch: ChatFetch; now?: () => number }): Provider {
  const now = config.now ?? Date.now;
  return {
    name: "dingtalk",
    channel: "chat",
    async send(m) {
      const d = parseDestination(m.to);
      if (!d.webhook_url) throw badDestination("dingtalk", "needs webhook_url");
      const url = new URL(d.webhook_url);
      if (d.secret) {
        const timestamp = String(now());
        url.searchParams.set("timestamp", timestamp);
        url.searchParams.set("sign", dingTalkSign(timestamp, d.secret));
      }
      const p = partsOf(m);
      const text = [p.title && `#### ${p.title}`, p.text, p.url && `[${p.linkText}](${p.url})`]
        .filter(Boolean)
        .join("\n\n");
      const reply = await postJson("dingtalk", config.fetch, url.href, {
        msgtype: "markdown",
        markdown: { title: p.title || p.text.slice(0, 50) || "Notification", text },
      });
      return settleErrcode("dingtalk", reply, replyError);
    },
  };
}
