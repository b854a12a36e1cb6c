// What the console asks for per provider (mirrors providerSpecs in lib/integrations/schema.ts, which
// validates; the field names must match its config/secrets keys).
import type { IntegrationProvider } from "@/lib/integrations/schema";

export type FieldSpec = { key: string; label: string; placeholder?: string; optional?: boolean };
export type ProviderSpec = {
  label: string;
  channels: readonly ("email" | "sms" | "push" | "wechat")[];
  config: FieldSpec[];
  secrets: FieldSpec[];
};

const baseUrl: FieldSpec = {
  key: "base_url",
  label: "API base URL",
  placeholder: "Leave empty for the provider's own",
  optional: true,
};

export const PROVIDERS: Record<IntegrationProvider, ProviderSpec> = {
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
  wechat: {
    label: "WeChat Official Account",
    channels: ["wechat"],
    config: [{ key: "app_id", label: "App ID", placeholder: "wx…" }, baseUrl],
    secrets: [{ key: "app_secret", label: "App secret" }],
  },
  outbox: {
    label: "Dev outbox",
    channels: ["email", "sms", "push", "wechat"],
    config: [],
    secrets: [],
  },
};

export const TEST_TARGET_HINT: Record<string, string> = {
  email: "An email address",
  sms: "A phone number in E.164 form, like +15551234567",
  push: "A push subscription as JSON",
  wechat: "A WeChat openid",
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  sms: "SMS",
  push: "Web Push",
  wechat: "WeChat",
};
