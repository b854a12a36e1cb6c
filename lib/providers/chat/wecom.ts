// WeCom (企业微信) group robot: Markdown to /cgi-bin/webhook/send?key=….
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

function replyError(reply: ErrcodeReply): ProviderError {
  const code = reply.errcode ?? 0;
  const message = `wecom: errcode ${code} ${reply.errmsg ?? ""}`.trim();
  // A robot takes 20 messages a minute.
  if (code === 45009) return new ProviderError(message, true, "rate_limited", RATE_WINDOW_MS);
  if (code === -1) return new ProviderError(message, true, "provider_unavailable");
  if (code === 93000 || code === 93004) return new ProviderError(message, false, "invalid_address");
  if (code === 40058 || code === 44004) return new ProviderError(message, false, "invalid_request");
  return new ProviderError(message, false, "rejected");
}

/** WeCom's Markdown content is at most 4096 bytes. */
const MAX_BYTES = 4096;

function cut(text: string): string {
  if (Buffer.byteLength(text) <= MAX_BYTES) return text;
  let out = text;
  while (Buffer.byteLength(out) > MAX_BYTES - 3) out = out.slice(0, Math.floor(out.length * 0.9));
  return `${out}…`;
}

export function createWeComProvider(config: { fetch: ChatFetch }): Provider {
  return {
    name: "wecom",
    channel: "chat",
    async send(m) {
      const d = parseDestination(m.to);
      if (!d.webhook_url) throw badDestination("wecom", "needs webhook_url");
      const p = partsOf(m);
      const content = [p.title && `**${p.title}**`, p.text, p.url && `[${p.linkText}](${p.url})`]
        .filter(Boolean)
        .join("\n");
      const reply = await postJson("wecom", config.fetch, d.webhook_url, {
        msgtype: "markdown",
        markdown: { content: cut(content) },
      });
      return settleErrcode("wecom", reply, replyError);
    },
  };
}
