// The chat channel's one Provider: each destination names its app, and the send goes to that app's
// adapter. Webhook destinations carry their own credential; a Slack channel id needs the bot token
// of the tenant's slack_bot integration, and without one `withoutBot` (the dev outbox) stands in.
import { guardedFetchApi } from "../../http/outbound";
import { webhookProblem } from "../../chat/hosts";
import type { ChatProvider } from "../../chat/schema";
import { ProviderError, type Provider, type RenderedMessage } from "../types";
import { createDingTalkProvider } from "./dingtalk";
import { createFeishuProvider } from "./feishu";
import type { ChatFetch } from "./http";
import { createSlackProvider } from "./slack";
import { createTeamsProvider } from "./teams";
import { createWeComProvider } from "./wecom";
import { parseDestination } from "./destination";

export type ChatConfig = {
  slackBotToken?: string;
  slackApiBaseUrl?: string;
  /** Sends a Slack channel-id destination when there is no bot token (development: the outbox). */
  withoutBot?: Provider;
  /** Default: the guarded agent (every webhook URL was supplied by someone). */
  fetch?: ChatFetch;
  /** Default: each app's hosts, or the origins the environment allows (lib/chat/hosts). */
  checkWebhook?: (provider: ChatProvider, url: string) => string | null;
};

export function createChatProvider(config: ChatConfig = {}): Provider {
  const fetchWith = config.fetch ?? guardedFetchApi;
  const checkWebhook = config.checkWebhook ?? ((p: ChatProvider, url: string) => webhookProblem(p, url));
  const adapters: Record<ChatProvider, Provider> = {
    slack: createSlackProvider({
      botToken: config.slackBotToken,
      apiBaseUrl: config.slackApiBaseUrl,
      fetch: fetchWith,
    }),
    teams: createTeamsProvider({ fetch: fetchWith }),
    dingtalk: createDingTalkProvider({ fetch: fetchWith }),
    wecom: createWeComProvider({ fetch: fetchWith }),
    feishu: createFeishuProvider({ fetch: fetchWith }),
  };
  return {
    name: config.slackBotToken ? "slack_bot" : "chat",
    channel: "chat",
    async send(message: RenderedMessage) {
      const d = parseDestination(message.to);
      if (d.webhook_url) {
        // Checked again at send time: the allowed hosts may have changed since the URL was saved.
        const problem = checkWebhook(d.provider, d.webhook_url);
        if (problem)
          throw new ProviderError(`${d.provider}: webhook_url ${problem}`, false, "host_not_allowed");
      } else if (d.provider === "slack" && !config.slackBotToken && config.withoutBot) {
        return config.withoutBot.send(message);
      }
      return adapters[d.provider].send(message);
    },
  };
}
