// Feishu / Lark custom bot: an interactive card (or text) to /open-apis/bot/v2/hook/…, signed in the
// body when the bot has a secret.
import { createHmac } from "node:crypto";
import { errorForStatus } from "../errors";
import { ProviderError, type Provider, type RenderedMessage } from "../types";
import { badDestination, partsOf, postJson, RATE_WINDOW_MS, type ChatFetch } from "./http";
import { parseDestination } from "./destination";

/** base64(HMAC-SHA256(key = "<timestamp s>\n<secret>", message = "")): Feishu's signature check. */
export function feishuSign(timestampS: string, secret: string): string {
  return createHmac("sha256", `${timestampS}\n${secret}`).update("").digest("base64");
}

type Reply = { code?: number; msg?: string; StatusCode?: number; StatusMessage?: string };

function replyError(code: number, msg: string): ProviderError {
  const message = `feishu: code ${code} ${msg}`.trim();
  if (code === 9499 || code === 11232 || code === 11233) {
    return new ProviderError(message, true, "rate_limited", RATE_WINDOW_MS);
  }
  if (code === 19021) return new ProviderError(message, false, "signature_invalid");
  // 19001: a hook id no bot has; 19002/19024: the bot was removed or its security settings refuse.
  if (code === 19001 || code === 19002) return new ProviderError(message, false, "invalid_address");
  if (code === 19022 || code === 19024) return new ProviderError(message, false, "unauthorized");
  return new ProviderError(message, false, "rejected");
}

function content(m: RenderedMessage) {
  const p = partsOf(m);
  if (!p.title && !p.url) return { msg_type: "text", content: { text: p.text } };
  const elements: unknown[] = [{ tag: "markdown", content: p.text }];
  if (p.url) {
    elements.push({
      tag: "action",
      actions: [
        { tag: "button", text: { tag: "plain_text", content: p.linkText }, url: p.url, type: "primary" },
      ],
    });
  }
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      ...(p.title ? { header: { title: { tag: "plain_text", content: p.title } } } : {}),
      elements,
    },
  };
}

export function createFeishuProvider(config: { fetch: ChatFetch; now?: () => number }): Provider {
  const now = config.now ?? Date.now;
  return {
    name: "feishu",
    channel: "chat",
    async send(m) {
      const d = parseDestination(m.to);
      if (!d.webhook_url) throw badDestination("feishu", "needs webhook_url");
      const timestamp = String(Math.floor(now() / 1000));
      const signed = d.secret ? { timestamp, sign: feishuSign(timestamp, d.secret) } : {};
      const reply = await postJson("feishu", config.fetch, d.webhook_url, { ...signed, ...content(m) });
      const body = (reply.json ?? {}) as Reply;
      const code = body.code ?? body.StatusCode;
      // Feishu answers its own codes with 200 (and some with 400): the code decides.
      if (code === 0) return { providerMessageId: null };
      if (reply.status >= 500) throw errorForStatus("feishu", reply.status, "", reply.retryAfter);
      if (code !== undefined) throw replyError(code, body.msg ?? body.StatusMessage ?? "");
      throw errorForStatus("feishu", reply.status, "", reply.retryAfter);
    },
  };
}
