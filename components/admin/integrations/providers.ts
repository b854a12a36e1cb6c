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
  placeholder?: string;
  optional?: boolean;
  multiline?: boolean;
};
export type ProviderSpec = {
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
  // Any other host must be on the operator's allow-list; its placeholder is in the catalogue.
  optional: true,
} as const;

const specs = {
  resend: {
    channels: ["email"],
    config: [{ key: "from", placeholder: "Herald <notify@example.com>" }, baseUrl],
    secrets: [{ key: "api_key", placeholder: "re_…" }],
  },
  smtp: {
    channels: ["email"],
    config: [{ key: "from", placeholder: "notify@example.com" }],
    secrets: [{ key: "url", placeholder: "smtps://user:pass@smtp.example.com:465" }],
  },
  twilio: {
    channels: ["sms"],
    config: [{ key: "from" }, baseUrl],
    secrets: [{ key: "account_sid", placeholder: "AC…" }, { key: "auth_token" }],
  },
  webpush: {
    channels: ["push"],
    config: [{ key: "public_key" }, { key: "subject", placeholder: "mailto:ops@example.com" }],
    secrets: [{ key: "private_key" }],
  },
  fcm: {
    channels: ["push"],
    config: [
      {
        key: "project_id",
        optional: true,
      },
    ],
    secrets: [
      {
        key: "service_account",
        placeholder: '{"type": "service_account", …}',
        multiline: true,
      },
    ],
  },
  apns: {
    channels: ["push"],
    config: [
      { key: "key_id", placeholder: "ABC123DEFG" },
      { key: "team_id", placeholder: "DEF123GHIJ" },
      { key: "bundle_id", placeholder: "com.example.app" },
      { key: "environment", optional: true },
    ],
    secrets: [
      {
        key: "private_key",
        placeholder: "-----BEGIN PRIVATE KEY-----",
        multiline: true,
      },
    ],
  },
  wechat: {
    channels: ["wechat"],
    config: [{ key: "app_id", placeholder: "wx…" }, baseUrl],
    secrets: [{ key: "app_secret" }],
  },
  slack_bot: {
    channels: ["chat"],
    config: [baseUrl],
    secrets: [{ key: "bot_token", placeholder: "xoxb-…" }],
  },
  outbox: {
    channels: ["email", "sms", "push", "wechat", "chat"],
    config: [],
    secrets: [],
  },
} satisfies { [P in IntegrationProvider]: CheckedSpec<P> };

export const PROVIDERS: Record<IntegrationProvider, ProviderSpec> = specs;
