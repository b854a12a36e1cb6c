// What the chat providers share: one JSON POST with a timeout, its answer read as text and JSON,
// and the message's parts as the chat apps show them.
import { errorForStatus, networkError, PROVIDER_TIMEOUT_MS } from "../errors";
import { ProviderError, type RenderedMessage, type SendResult } from "../types";

export type ChatFetch = typeof fetch;

export type ChatReply = { status: number; text: string; json: unknown; retryAfter: string | null };

export async function postJson(
  provider: string,
  fetchWith: ChatFetch,
  url: string,
  body: unknown,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ChatReply> {
  let response: Response;
  let text: string;
  try {
    response = await fetchWith(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...opts.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? PROVIDER_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (cause) {
    throw networkError(provider, cause);
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Slack and Teams webhooks answer plain text.
  }
  return { status: response.status, text, json, retryAfter: response.headers.get("retry-after") };
}

/** The chat message: a title (may be empty), Markdown text and an optional link. */
export function partsOf(m: RenderedMessage): { title: string; text: string; url?: string; linkText: string } {
  return {
    title: m.title.trim(),
    text: m.text,
    ...(m.actionUrl ? { url: m.actionUrl } : {}),
    linkText: m.actionText?.trim() || "Open",
  };
}

/** A destination without what its app needs: a configuration error, never retried. */
export function badDestination(provider: string, why: string): ProviderError {
  return new ProviderError(`${provider}: ${why}`, false, "invalid_address");
}

/** Slack, DingTalk, WeCom and Feishu rate limits name no wait: a minute is their window. */
export const RATE_WINDOW_MS = 60_000;

/** The `{errcode, errmsg}` answer of DingTalk's and WeCom's robots. */
export type ErrcodeReply = { errcode?: number; errmsg?: string };

/** Sent when the robot answered errcode 0; else its error, or the HTTP status's. */
export function settleErrcode(
  provider: string,
  reply: ChatReply,
  errorOf: (r: ErrcodeReply) => ProviderError,
): SendResult {
  if (reply.status !== 200) throw errorForStatus(provider, reply.status, "", reply.retryAfter);
  const body = (reply.json ?? {}) as ErrcodeReply;
  if (body.errcode === 0) return { providerMessageId: null };
  throw errorOf(body.errcode === undefined ? { errcode: -2, errmsg: "unreadable answer" } : body);
}
