// What the console asks for per provider: its fields and example values, their labels in the
// catalogue (messages/<locale>/integrations.json). providerSpecs in lib/integrations/schema.ts
// validates; its types are checked against here, so a field key, its optional flag or a channel
// that drifts from the schema fails to compile.
import type { z } from "zod";
import type { IntegrationProvider, providerSpecs } from "@/lib/integrations/schema";
import type { ExternalChannel } from "@/lib/providers/types";

/** `multiline`: pasted as a whole file (a PEM key, a JSON key file), so its line breaks survive. */
export type FieldSpec = {
  key: string;
  label: string;
  placeholder?: string;
  optional?: boolean;
  multiline?: boolean;
};
export type ProviderSpec = {
  label: string;
  channels: readonly ExternalChannel[];
  config: FieldSpec[];
  secrets: FieldSpec[];
};

type Specs = typeof providerSpecs;
/** A field of one settings object: a key it has, marked optional exactly when the schema's is. */
type FieldOf<T> = {
  [K in keyof T & string]: FieldSpec &
    (undefined extends T[K] ? { key: K; optional: true } : { key: K; optional?: false });
}[keyof T & string];
type CheckedSpec<P extends IntegrationProvider> = Omit<ProviderSpec, "channels" | "config" | "secrets"> & {
  channels: Specs[P]["channels"];
  config: FieldOf<z.input<Specs[P]["config"]>>[];
  secrets: FieldOf<z.input<Specs[P]["secrets"]>>[];
};

const baseUrl = {
  key: "base_url",
  label: "API base URL",
  // Any other host must be on the operator's allow-list.
  placeholder: "Leave empty for the provider's own",
  optional: true,
} as const;

const specs = {
  resend: {
    label: "Resend",
    channels: ["email"],
    config: [{ key: "from", label: "From", placeholder: "Herald <notify@example.com>" }, baseUrl],
    secrets: [{ key: "api_key", label: "API key", placeholder: "re_…" }],
  },
  smtp: {
    label: "SMTP",
    channels: ["email"],
    config: [{ key: "from", label: "From", placeholder: "notify@example.com" }],
    secrets: [{ key: "url", label: "SMTP URL", placeholder: "smtps://user:pass@smtp.example.com:465" }],
  },
  twilio: {
    label: "Twilio",
    channels: ["sms"],
    config: [{ key: "from", label: "From", placeholder: "+15551234567 or MG…" }, baseUrl],
    secrets: [
      { key: "account_sid", label: "Account SID", placeholder: "AC…" },
      { key: "auth_token", label: "Auth token" },
    ],
  },
  webpush: {
    label: "Web Push (VAPID)",
    channels: ["push"],
    config: [
      { key: "public_key", label: "VAPID public key" },
      { key: "subject", label: "Contact", placeholder: "mailto:ops@example.com" },
    ],
    secrets: [{ key: "private_key", label: "VAPID private key" }],
  },
  fcm: {
    label: "Firebase Cloud Messaging (mobile)",
    channels: ["push"],
    config: [
      {
        key: "project_id",
        label: "Firebase project id",
        placeholder: "Leave empty for the service account's",
        optional: true,
      },
    ],
    secrets: [
      {
        key: "service_account",
        label: "Service account key (JSON)",
        placeholder: '{"type": "service_account", …}',
        multiline: true,
      },
    ],
  },
  apns: {
    label: "Apple Push Notification service (mobile)",
    channels: ["push"],
    config: [
      { key: "key_id", label: "Key ID", placeholder: "ABC123DEFG" },
      { key: "team_id", label: "Team ID", placeholder: "DEF123GHIJ" },
      { key: "bundle_id", label: "Bundle id (topic)", placeholder: "com.example.app" },
      { key: "environment", label: "Environment", placeholder: "production or sandbox", optional: true },
    ],
    secrets: [
      {
        key: "private_key",
        label: "Signing key (.p8)",
        placeholder: "-----BEGIN PRIVATE KEY-----",
        multiline: true,
      },
    ],
  },
  wechat: {
    label: "WeChat Official Account",
    channels: ["wechat"],
    config: [{ key: "app_id", label: "App ID", placeholder: "wx…" }, baseUrl],
    secrets: [{ key: "app_secret", label: "App secret" }],
  },
  slack_bot: {
    label: "Slack bot",
    channels: ["chat"],
    config: [baseUrl],
    secrets: [{ key: "bot_token", label: "Bot token", placeholder: "xoxb-…" }],
  },
  outbox: {
    label: "Dev outbox",
    channels: ["email", "sms", "push", "wechat", "chat"],
    config: [],
    secrets: [],
  },
} satisfies { [P in IntegrationProvider]: CheckedSpec<P> };

export const PROVIDERS: Record<IntegrationProvider, ProviderSpec> = specs;
