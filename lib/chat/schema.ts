// Chat destinations: where a chat message goes in one chat app. A user's (per app) and a tenant's
// named chat targets share these shapes; every webhook URL is a credential, so it is sealed at rest.
import { z } from "zod";
import { CHAT_TARGET_KEY, chatProviders, type ChatProvider } from "../vocabulary/chat";
import { oneOfMessage } from "../vocabulary/enums";

export { chatProviders, type ChatProvider };

const webhookUrl = z
  .string({ message: "must be a URL" })
  .max(2048, { message: "must be at most 2048 characters" })
  .refine((v) => URL.canParse(v), { message: "must be a URL" });
const secret = z
  .string({ message: "must be a string" })
  .min(1, { message: "must not be empty" })
  .max(512, { message: "must be at most 512 characters" });
/** A Slack conversation id (C…, G…, D…) for the tenant's Slack bot. */
const slackChannel = z
  .string({ message: "must be a Slack channel id" })
  .regex(/^[CGD][A-Z0-9]{6,20}$/, { message: "must be a Slack channel id like C0123456789" });

/** Per app, the fields of a destination; which are present decides how it is sent. */
export const destinationShapes = {
  slack: z
    .strictObject({ webhook_url: webhookUrl.optional(), channel: slackChannel.optional() })
    .refine((v) => (v.webhook_url === undefined) !== (v.channel === undefined), {
      message: "needs exactly one of webhook_url (an incoming webhook) or channel (the tenant's Slack bot)",
    }),
  teams: z.strictObject({ webhook_url: webhookUrl }),
  dingtalk: z.strictObject({ webhook_url: webhookUrl, secret: secret.optional() }),
  wecom: z.strictObject({ webhook_url: webhookUrl }),
  feishu: z.strictObject({ webhook_url: webhookUrl, secret: secret.optional() }),
} as const satisfies Record<ChatProvider, z.ZodType>;

export type DestinationFields = { webhook_url?: string; channel?: string; secret?: string };
/** One destination as the chat provider receives it (the delivery's `to`, as JSON). */
export type ChatDestination = { provider: ChatProvider } & DestinationFields;

/** A user's destinations, one per app: `null` removes one, an app left out keeps its own. */
export const userChatSchema = z
  .strictObject({
    slack: destinationShapes.slack.nullable().optional(),
    teams: destinationShapes.teams.nullable().optional(),
    dingtalk: destinationShapes.dingtalk.nullable().optional(),
    wecom: destinationShapes.wecom.nullable().optional(),
    feishu: destinationShapes.feishu.nullable().optional(),
  })
  .meta({
    description:
      "Chat destinations per app (slack, teams, dingtalk, wecom, feishu); null removes one. Stored sealed: responses name the apps only",
  });
export type UserChatInput = z.infer<typeof userChatSchema>;

const key = z.string({ message: "must be a string" }).regex(CHAT_TARGET_KEY, {
  message: "must be 1-100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
});
const name = z
  .string({ message: "must be a string" })
  .min(1, { message: "must not be empty" })
  .max(100, { message: "must be at most 100 characters" });

export const chatTargetCreateSchema = z
  .strictObject({
    key,
    name,
    provider: z.enum(chatProviders, { message: oneOfMessage(chatProviders) }),
    webhook_url: webhookUrl.optional(),
    channel: slackChannel.optional(),
    secret: secret.optional(),
  })
  .superRefine((v, ctx) => {
    const parsed = destinationShapes[v.provider].safeParse(fieldsOf(v));
    for (const issue of parsed.error?.issues ?? []) {
      // A field another app uses (a channel id for teams) is named, not the webhook.
      const path =
        issue.code === "unrecognized_keys"
          ? [issue.keys[0]!]
          : issue.path.length
            ? issue.path
            : ["webhook_url"];
      const message = issue.code === "unrecognized_keys" ? `is not used by ${v.provider}` : issue.message;
      ctx.addIssue({ code: "custom", path, message });
    }
  });

export type ChatTargetCreateInput = z.infer<typeof chatTargetCreateSchema>;

export const chatTargetUpdateSchema = z.strictObject({
  name: name.optional(),
  webhook_url: webhookUrl.optional(),
  channel: slackChannel.optional(),
  secret: secret.nullable().optional(),
});
export type ChatTargetUpdateInput = z.infer<typeof chatTargetUpdateSchema>;

export const chatTargetKeyParams = z.object({ key });

/** The destination fields of an input, without undefined ones (the strict shapes refuse others). */
export function fieldsOf(v: DestinationFields): DestinationFields {
  const out: DestinationFields = {};
  if (v.webhook_url !== undefined) out.webhook_url = v.webhook_url;
  if (v.channel !== undefined) out.channel = v.channel;
  if (v.secret !== undefined && v.secret !== null) out.secret = v.secret;
  return out;
}

const dateTime = z.iso.datetime({ offset: true });

export const chatTargetSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    provider: z.enum(chatProviders),
    channel: z.string().nullable().meta({ description: "The Slack channel id, for the tenant's Slack bot" }),
    secrets_set: z.array(z.string()).meta({
      description:
        "Names of the sealed settings stored (webhook_url, secret); their values are never returned",
    }),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "ChatTarget" });

/** The send API's and a workflow step's chat target keys. */
export const chatTargetKeysSchema = z
  .array(key, { message: "must be a list of chat target keys" })
  .min(1, { message: "must name at least one chat target" })
  .max(20, { message: "must name at most 20 chat targets" });
