// The one description of each channel: its label, and the fields of its template block (label,
// required, output mode, maximum length). The block schemas (lib/templates/schema), the renderer's
// field list (lib/templates/blocks) and the console's template editor are all derived from it.
import { notificationChannels, type NotificationChannel } from "./enums";
import { MAX_LINK_LENGTH } from "./limits";

/** `html`: every `{{ output }}` is HTML-escaped; `text`: written as is. */
export type OutputMode = "html" | "text";

export type BlockFieldSpec = {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly output: OutputMode;
  /** The Liquid source's maximum length, in characters. */
  readonly max: number;
  readonly multiline?: boolean;
  /** What the editor says under the field. */
  readonly hint?: string;
  /** What the API reference says about the field. */
  readonly description?: string;
};

export type ChannelSpec = {
  readonly label: string;
  readonly fields: readonly BlockFieldSpec[];
  /** WeChat's template data: key → Liquid text, edited as a list of pairs. */
  readonly data?: { readonly maxKey: number; readonly maxValue: number; readonly description: string };
};

// Generic so the spec keeps each field's literal name and requiredness (the block schemas' types).
const field = <const N extends string, const R extends boolean = false>(
  name: N,
  label: string,
  output: OutputMode,
  max: number,
  rest: Partial<Omit<BlockFieldSpec, "name" | "label" | "output" | "max" | "required">> & {
    required?: R;
  } = {},
) => ({ name, label, output, max, ...rest, required: (rest.required ?? false) as R });

export const channelSpec = {
  app: {
    label: "In-app",
    fields: [
      field("title", "Title", "html", 1000, {
        required: true,
        description: "Liquid; rendered (at most 200 characters kept) as the title",
      }),
      field("content", "Content", "html", 20_000, { required: true, multiline: true }),
      field("action_url", "Action URL", "text", MAX_LINK_LENGTH),
      field("action_text", "Action text", "html", 200),
    ],
  },
  email: {
    label: "Email",
    fields: [
      field("subject", "Subject", "text", 1000, { required: true }),
      field("html", "HTML body", "html", 64 * 1024, {
        required: true,
        multiline: true,
        hint: "Every {{ output }} is HTML-escaped.",
        description: "The HTML body; every `{{ output }}` is HTML-escaped",
      }),
      field("text", "Plain-text body", "text", 64 * 1024, {
        multiline: true,
        hint: "Derived from the HTML when empty.",
        description: "Plain-text part; derived from html when omitted",
      }),
    ],
  },
  sms: {
    label: "SMS",
    fields: [field("text", "Text", "text", 2000, { required: true, multiline: true })],
  },
  push: {
    label: "Push",
    fields: [
      field("title", "Title", "text", 1000, { required: true }),
      field("body", "Body", "text", 4000, { required: true, multiline: true }),
      field("url", "URL", "text", MAX_LINK_LENGTH),
    ],
  },
  wechat: {
    label: "WeChat",
    fields: [
      field("template_id", "WeChat template id", "text", 200, {
        required: true,
        description: "The WeChat template message id",
      }),
      field("url", "URL", "text", MAX_LINK_LENGTH),
    ],
    data: {
      maxKey: 64,
      maxValue: 1000,
      description: "WeChat template keys to Liquid text, e.g. {first: '{{ order.id }}'}",
    },
  },
  chat: {
    label: "Chat",
    fields: [
      field("text", "Text", "text", 8000, {
        required: true,
        multiline: true,
        hint: "Markdown where the chat app renders it (Slack, Teams, DingTalk, WeCom, Feishu).",
        description: "The message; Markdown where the chat app renders it",
      }),
      field("title", "Title", "text", 1000),
      field("url", "URL", "text", MAX_LINK_LENGTH),
    ],
  },
} as const satisfies Record<NotificationChannel, ChannelSpec>;

/** How the console names each channel. */
export const channelLabel = Object.fromEntries(
  notificationChannels.map((c) => [c, channelSpec[c].label]),
) as Record<NotificationChannel, string>;

/** A channel's label; the value itself for one the console does not know (figures from the API). */
export const channelName = (channel: string): string =>
  channelLabel[channel as NotificationChannel] ?? channel;

/** A block field's spec, or undefined for a name the channel's block does not have. */
export function blockField(channel: NotificationChannel, name: string): BlockFieldSpec | undefined {
  return (channelSpec[channel].fields as readonly BlockFieldSpec[]).find((f) => f.name === name);
}

type InAppText = { title?: unknown; content?: unknown; action_url?: unknown };
const text = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * What a channel without a block of its own sends: the in-app title and content, as text (a
 * template's in-app fields must be rendered unescaped first). WeChat needs a template id: nothing.
 */
export function inAppStandIn(channel: NotificationChannel, app: InAppText): Record<string, string> {
  const title = text(app.title);
  const content = text(app.content);
  const url = text(app.action_url);
  switch (channel) {
    case "app":
      return { title, content, ...(url ? { action_url: url } : {}) };
    case "email":
      return { subject: title, text: content };
    case "sms":
      return { text: content };
    case "push":
      return { title, body: content, ...(url ? { url } : {}) };
    case "wechat":
      return {};
    case "chat":
      return { title, text: content, ...(url ? { url } : {}) };
  }
}
