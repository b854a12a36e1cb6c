// The chat apps a chat destination can be in: browser-safe, so the console names them as the API does.
export const chatProviders = ["slack", "teams", "dingtalk", "wecom", "feishu"] as const;
export type ChatProvider = (typeof chatProviders)[number];

export const chatProviderLabel: Record<ChatProvider, string> = {
  slack: "Slack",
  teams: "Microsoft Teams",
  dingtalk: "DingTalk",
  wecom: "WeCom",
  feishu: "Feishu / Lark",
};

/** The keys a chat target is addressed by (`chat_targets: ["ops-room"]`). */
export const CHAT_TARGET_KEY = /^[a-z0-9][a-z0-9._-]{0,99}$/;
