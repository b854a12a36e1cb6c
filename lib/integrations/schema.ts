// Provider accounts (email, SMS, push and WeChat senders per tenant): request and response schemas of
// /api/v1/integrations, one config/secrets shape per provider.
import { z } from "zod";
import { base64urlBytes, isP256PublicKey } from "../crypto/p256";
import { parseServiceAccount } from "../push/service-account";
import type { ExternalChannel } from "../providers/types";

export const externalChannels = [
  "email",
  "sms",
  "push",
  "wechat",
  "chat",
] as const satisfies readonly ExternalChannel[];
export const integrationProviders = [
  "resend",
  "smtp",
  "twilio",
  "webpush",
  "fcm",
  "apns",
  "wechat",
  "slack_bot",
  "outbox",
] as const;
export type IntegrationProvider = (typeof integrationProviders)[number];

/**
 * The push channel's senders to mobile devices, one per platform: each reaches the devices
 * registered for it, beside the Web Push chain, and is never a member of that chain.
 */
export const mobilePushProviders = ["fcm", "apns"] as const satisfies readonly IntegrationProvider[];
export type MobilePushProvider = (typeof mobilePushProviders)[number];
export const isMobilePushProvider = (p: string): p is MobilePushProvider =>
  (mobilePushProviders as readonly string[]).includes(p);

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`),
});

const text = (max = 4096) =>
  z
    .string(required("a string"))
    .min(1, { message: "must not be empty" })
    .max(max, { message: `must be at most ${max} characters` });

const urlWith = (protocols: string[]) => (v: string) => {
  try {
    return protocols.includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

const emailFrom = text(320).regex(/^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
  message: 'must be an address like notify@example.com or "Name <notify@example.com>"',
});

const baseUrl = text(2048)
  .refine(urlWith(["http:", "https:"]), { message: "must be an http(s) URL" })
  .optional()
  .meta({
    description:
      "Another API host for this provider; only hosts on the operator's INTEGRATION_HOSTS_ALLOWED. Changing it requires entering the secrets again",
  });

const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, required("an object"));

/** Per provider: the channels it sends, its non-secret settings, and its secret ones. */
export const providerSpecs = {
  resend: {
    channels: ["email"],
    config: object({ from: emailFrom, base_url: baseUrl }),
    secrets: object({ api_key: text() }),
  },
  smtp: {
    channels: ["email"],
    config: object({ from: emailFrom }),
    secrets: object({
      url: text(2048).refine(urlWith(["smtp:", "smtps:"]), {
        message: "must be a URL like smtp://user:pass@host:587 or smtps://user:pass@host:465",
      }),
    }),
  },
  twilio: {
    channels: ["sms"],
    config: object({
      from: text(64).regex(/^(?:\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, {
        message: "must be an E.164 number like +15551234567 or a messaging service SID (MG…)",
      }),
      base_url: baseUrl,
    }),
    secrets: object({
      account_sid: text(64).regex(/^AC[0-9a-fA-F]{32}$/, {
        message: "must be an account SID: AC followed by 32 hex characters",
      }),
      auth_token: text(),
    }),
  },
  webpush: {
    channels: ["push"],
    config: object({
      public_key: text(200).refine(isP256PublicKey, {
        message: "must be a base64url VAPID public key (a 65-byte P-256 point)",
      }),
      subject: text(2048).refine(urlWith(["mailto:", "https:"]), {
        message: "must be a mailto: or https: URL (a contact for push services)",
      }),
    }),
    secrets: object({
      private_key: text(200).refine((v) => base64urlBytes(v)?.length === 32, {
        message: "must be a base64url VAPID private key (32 bytes)",
      }),
    }),
  },
  // Android (and iOS through Firebase) devices; the hosts are the operator's (FCM_API_BASE_URL).
  fcm: {
    channels: ["push"],
    config: object({
      project_id: text(64)
        .regex(/^[a-z][a-z0-9-]{4,62}[a-z0-9]$/, {
          message: "must be a Firebase project id like my-app-1234",
        })
        .optional()
        .meta({ description: "Default: the service account's project_id" }),
    }),
    secrets: object({
      service_account: text(20_000).superRefine((v, ctx) => {
        const parsed = parseServiceAccount(v);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
      }),
    }),
  },
  // iOS devices through APNs with a token-signing key (.p8); the host is the operator's (APNS_BASE_URL).
  apns: {
    channels: ["push"],
    config: object({
      key_id: text(10).regex(/^[A-Z0-9]{10}$/, { message: "must be the key's 10-character Key ID" }),
      team_id: text(10).regex(/^[A-Z0-9]{10}$/, { message: "must be the 10-character Team ID" }),
      bundle_id: text(255).regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, {
        message: "must be the app's bundle id like com.example.app",
      }),
      environment: z
        .enum(["production", "sandbox"], { message: "must be production or sandbox" })
        .optional()
        .meta({ description: "sandbox for development builds of the app (default production)" }),
    }),
    secrets: object({
      private_key: text(10_000).regex(/^\s*-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/, {
        message: "must be the .p8 key file's text (-----BEGIN PRIVATE KEY----- …)",
      }),
    }),
  },
  wechat: {
    channels: ["wechat"],
    config: object({ app_id: text(64), base_url: baseUrl }),
    secrets: object({ app_secret: text() }),
  },
  // The chat channel's Slack bot, for destinations that name a channel id; webhook destinations
  // need no integration.
  slack_bot: {
    channels: ["chat"],
    config: object({ base_url: baseUrl }),
    secrets: object({
      bot_token: text(256).regex(/^xoxb-[\w-]+$/, { message: "must be a Slack bot token (xoxb-…)" }),
    }),
  },
  outbox: {
    channels: externalChannels,
    config: object({}),
    secrets: object({}),
  },
} as const satisfies Record<
  IntegrationProvider,
  { channels: readonly ExternalChannel[]; config: z.ZodType; secrets: z.ZodType }
>;

type Specs = typeof providerSpecs;

/** What one integration sends with, by provider: the pipeline builds a Provider from it. */
export type ProviderSettings = {
  [P in IntegrationProvider]: {
    provider: P;
    channel: Specs[P]["channels"][number];
    config: z.output<Specs[P]["config"]>;
    secrets: z.output<Specs[P]["secrets"]>;
  };
}[IntegrationProvider];

const nameSchema = text(100);

const common = {
  name: nameSchema,
  is_active: z.boolean(required("true or false")).default(true),
  is_default: z.boolean(required("true or false")).default(false).meta({
    description:
      "The head of the channel's failover chain: true moves it to the front (the others follow); false on the head takes it out of the chain",
  }),
};

/** A provider that sends one channel only: any other channel is refused naming both. */
const only = <C extends ExternalChannel>(provider: IntegrationProvider, channel: C) =>
  z.literal(channel, { message: `must be ${channel} for provider ${provider}` });

export const integrationCreateSchema = z.discriminatedUnion(
  "provider",
  [
    z.strictObject({
      provider: z.literal("resend"),
      channel: only("resend", "email"),
      ...common,
      config: providerSpecs.resend.config,
      secrets: providerSpecs.resend.secrets,
    }),
    z.strictObject({
      provider: z.literal("smtp"),
      channel: only("smtp", "email"),
      ...common,
      config: providerSpecs.smtp.config,
      secrets: providerSpecs.smtp.secrets,
    }),
    z.strictObject({
      provider: z.literal("twilio"),
      channel: only("twilio", "sms"),
      ...common,
      config: providerSpecs.twilio.config,
      secrets: providerSpecs.twilio.secrets,
    }),
    z.strictObject({
      provider: z.literal("webpush"),
      channel: only("webpush", "push"),
      ...common,
      config: providerSpecs.webpush.config,
      secrets: providerSpecs.webpush.secrets,
    }),
    z.strictObject({
      provider: z.literal("fcm"),
      channel: only("fcm", "push"),
      ...common,
      config: providerSpecs.fcm.config.default({}),
      secrets: providerSpecs.fcm.secrets,
    }),
    z.strictObject({
      provider: z.literal("apns"),
      channel: only("apns", "push"),
      ...common,
      config: providerSpecs.apns.config,
      secrets: providerSpecs.apns.secrets,
    }),
    z.strictObject({
      provider: z.literal("wechat"),
      channel: only("wechat", "wechat"),
      ...common,
      config: providerSpecs.wechat.config,
      secrets: providerSpecs.wechat.secrets,
    }),
    z.strictObject({
      provider: z.literal("slack_bot"),
      channel: only("slack_bot", "chat"),
      ...common,
      config: providerSpecs.slack_bot.config.default({}),
      secrets: providerSpecs.slack_bot.secrets,
    }),
    z.strictObject({
      provider: z.literal("outbox"),
      channel: z.enum(externalChannels, { message: `must be one of ${externalChannels.join(", ")}` }),
      ...common,
      config: providerSpecs.outbox.config.default({}),
      secrets: providerSpecs.outbox.secrets.default({}),
    }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `must be one of ${integrationProviders.join(", ")}`
        : "must be a JSON object",
  },
);
export type IntegrationCreateInput = z.infer<typeof integrationCreateSchema>;

const jsonObject = z.record(z.string(), z.unknown(), { message: "must be a JSON object" });

export const integrationUpdateSchema = z.strictObject({
  name: nameSchema.optional(),
  is_active: z.boolean({ message: "must be true or false" }).optional(),
  is_default: common.is_default.unwrap().optional(),
  config: jsonObject.optional().meta({
    description: "Replaces the settings; checked against the integration's provider",
  }),
  secrets: jsonObject.optional().meta({
    description:
      "Merged into the stored secrets (omit to keep them all); checked against the integration's provider",
  }),
});
export type IntegrationUpdateInput = z.infer<typeof integrationUpdateSchema>;

export const integrationIdParams = z.object({ id: z.uuid({ message: "must be an integration id" }) });

export const integrationListQuery = z.strictObject({
  channel: z.enum(externalChannels, { message: `must be one of ${externalChannels.join(", ")}` }).optional(),
});

/**
 * What a failed test send tells the console: a short category, never the remote answer or error
 * text (a tenant must not read another host's replies through it).
 */
export const testFailureCategories = [
  "auth_failed",
  "unreachable",
  "rejected",
  "address_refused",
  "secrets_unreadable",
] as const;
export type TestFailureCategory = (typeof testFailureCategories)[number];

export const integrationTestSchema = z.strictObject({
  to: text(4096).meta({
    description:
      "Where to send: an email address, an E.164 number, a WeChat openid, a push subscription as JSON (a device token for fcm and apns), or a chat destination as JSON",
  }),
  title: text(200).optional(),
  text: text(2000).optional(),
});

const dateTime = z.iso.datetime({ offset: true });

export const integrationSchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(externalChannels),
    provider: z.enum(integrationProviders),
    name: z.string(),
    is_active: z.boolean(),
    is_default: z.boolean(),
    chain_position: z.number().int().nullable().meta({
      description: "Its place in the channel's failover chain (0 sends first); null: not in the chain",
    }),
    config: z.record(z.string(), z.unknown()).meta({ description: "Non-secret settings" }),
    secrets_set: z.array(z.string()).meta({
      description: "Names of the secret settings stored (encrypted); their values are never returned",
    }),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "Integration" });

export const integrationTestResultSchema = z
  .union([
    z.object({ ok: z.literal(true), provider_message_id: z.string().nullable() }),
    z.object({
      ok: z.literal(false),
      error: z.enum(testFailureCategories).meta({
        description:
          "What went wrong, in one word; the remote answer is never shown (it is in the server log)",
      }),
      error_code: z
        .string()
        .meta({ description: "Herald's own finer code, e.g. network_error, unauthorized, invalid_address" }),
      retryable: z.boolean(),
    }),
  ])
  .meta({ id: "IntegrationTestResult" });

// ---- Failover chains ----

export const chainChannelParams = z.object({
  channel: z.enum(externalChannels, { message: `must be one of ${externalChannels.join(", ")}` }),
});

export const chainUpdateSchema = z.strictObject({
  integration_ids: z
    .array(z.uuid({ message: "must be an integration id" }), {
      message: "must be an array of integration ids",
    })
    .max(20, { message: "must list at most 20 integrations" })
    .meta({
      description:
        "The channel's integrations in the order deliveries try them; an empty list leaves the channel to the environment's provider",
    }),
});
export type ChainUpdateInput = z.infer<typeof chainUpdateSchema>;

export const circuitStates = ["closed", "half_open", "open"] as const;
export type CircuitStateName = (typeof circuitStates)[number];

export const chainMemberSchema = z
  .object({
    integration_id: z.uuid(),
    name: z.string(),
    provider: z.enum(integrationProviders),
    is_active: z.boolean().meta({ description: "An inactive member is passed over" }),
    circuit: z.enum(circuitStates).meta({
      description:
        "This server process's circuit breaker for the integration: open after repeated provider faults, half_open when one probe may go",
    }),
    last_error: z
      .object({ code: z.string().nullable(), message: z.string().nullable(), at: dateTime })
      .nullable()
      .meta({ description: "Its last failed delivery attempt" }),
  })
  .meta({ id: "ChainMember" });

export const chainSchema = z
  .object({
    channel: z.enum(externalChannels),
    members: z.array(chainMemberSchema),
    fallback: z.string().nullable().meta({
      description:
        "What sends when the chain is empty: the environment's provider (resend, smtp, twilio, webpush, wechat, outbox), or null when nothing may",
    }),
  })
  .meta({ id: "IntegrationChain" });
