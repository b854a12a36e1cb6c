// Slack: an incoming webhook (the URL is the credential), or chat.postMessage with the tenant's bot token.
import { errorForStatus, parseRetryAfter } from "../errors";
import { ProviderError, type Provider, type RenderedMessage } from "../types";
import { badDestination, partsOf, postJson, type ChatFetch } from "./http";
import { parseDestination } from "./destination";

export type SlackConfig = {
  /** xoxb-… for chat.postMessage; without it only webhook destinations send. */
  botToken?: string;
  /** Default https://slack.com/api (tests: a local stub). */
  apiBaseUrl?: string;
  fetch: ChatFetch;
};

/** Slack's Block Kit for the message: a header, the Markdown text and a link button. */
function slackBody(m: RenderedMessage) {
  const p = partsOf(m);
  const blocks: unknown[] = [];
  if (p.title) blocks.push({ type: "header", text: { type: "plain_text", text: p.title.slice(0, 150) } });
  if (p.text) blocks.push({ type: "section", text: { type: "mrkdwn", text: p.text.slice(0, 3000) } });
  if (p.url) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: p.linkText }, url: p.url }],
    });
  }
  // `text` is the notification's fallback (and what screen readers say).
  return { text: [p.title, p.text].filter(Boolean).join("\n") || p.url || "", blocks };
}

const GONE = new Set(["channel_not_found", "channel_is_archived", "no_service", "no_team", "team_disabled"]);
const AUTH = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "action_prohibited",
  "not_in_channel",
  "restricted_action",
]);
const BUSY = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

function slackError(step: string, status: number, error: string, retryAfter: string | null): ProviderError {
  const message = `slack ${step}: ${status === 200 ? "" : `HTTP ${status} `}${error}`.trim();
  if (status === 429 || error === "ratelimited" || error === "rate_limited") {
    return new ProviderError(message, true, "rate_limited", parseRetryAfter(retryAfter));
  }
  if (BUSY.has(error) || status >= 500) return new ProviderError(message, true, "provider_unavailable");
  if (GONE.has(error)) return new ProviderError(message, false, "invalid_address");
  if (AUTH.has(error)) return new ProviderError(message, false, "unauthorized");
  if (error.startsWith("invalid_") || error === "no_text" || error === "msg_too_long") {
    return new ProviderError(message, false, "invalid_request");
  }
  return status === 200
    ? new ProviderError(message, false, "rejected")
    : errorForStatus(`slack ${step}`, status, error, retryAfter);
}

export function createSlackProvider(config: SlackConfig): Provider {
  const api = (config.apiBaseUrl ?? "https://slack.com/api").replace(/\/$/, "");
  return {
    name: "slack",
    channel: "chat",
    async send(m) {
      const d = parseDestination(m.to);
      if (d.webhook_url) {
        const reply = await postJson("slack webhook", config.fetch, d.webhook_url, slackBody(m));
        // A webhook answers 200 "ok", or a status with a plain-text error word.
        if (reply.status === 200) return { providerMessageId: null };
        throw slackError("webhook", reply.status, reply.text.trim().slice(0, 100), reply.retryAfter);
      }
      if (!d.channel) throw badDestination("slack", "needs webhook_url or channel");
      if (!config.botToken) {
        throw new ProviderError(
          "slack: a channel id needs the tenant's Slack bot (a slack_bot chat integration)",
          false,
          "no_provider",
        );
      }
      const reply = await postJson(
        "slack chat.postMessage",
        config.fetch,
        `${api}/chat.postMessage`,
        { channel: d.channel, ...slackBody(m), unfurl_links: false },
        { headers: { authorization: `Bearer ${config.botToken}` } },
      );
      const body = (reply.json ?? {}) as { ok?: boolean; error?: string; ts?: string };
      if (reply.status === 200 && body.ok) return { providerMessageId: body.ts ?? null };
      throw slackError(
        "chat.postMessage",
        reply.status,
        body.error ?? reply.text.slice(0, 100),
        reply.retryAfter,
      );
    },
  };
}
