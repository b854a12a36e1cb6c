// Chooses each channel's provider from the environment: a configured real provider, else the dev outbox.
import { appUrl, env as processEnv, type Env } from "../../env";
import type { ExternalChannel, Provider } from "../types";
import { createOutboxProvider } from "./outbox";
import { createResendProvider } from "./resend";
import { createSmtpProvider } from "./smtp";
import { createTwilioProvider } from "./twilio";
import { createWebPushProvider } from "./webpush";
import { createWeChatProvider } from "./wechat";

type Choice = { name: string; config: unknown; create(): Provider };

const DEFAULT_FROM = "Herald <herald@localhost>";

function choose(channel: ExternalChannel, e: Env): Choice {
  if (channel === "email" && e.RESEND_API_KEY) {
    const config = {
      apiKey: e.RESEND_API_KEY,
      from: e.EMAIL_FROM ?? DEFAULT_FROM,
      baseUrl: e.RESEND_BASE_URL,
    };
    return { name: "resend", config, create: () => createResendProvider(config) };
  }
  if (channel === "email" && e.SMTP_URL) {
    const config = { url: e.SMTP_URL, from: e.EMAIL_FROM ?? DEFAULT_FROM };
    return { name: "smtp", config, create: () => createSmtpProvider(config) };
  }
  if (channel === "sms" && e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM) {
    const config = {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      baseUrl: e.TWILIO_API_BASE_URL,
      maxLength: e.SMS_MAX_LENGTH,
    };
    return { name: "twilio", config, create: () => createTwilioProvider(config) };
  }
  if (channel === "push" && e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) {
    const config = {
      publicKey: e.VAPID_PUBLIC_KEY,
      privateKey: e.VAPID_PRIVATE_KEY,
      // Push services require a contact: the deployment's public URL when it is https, else a placeholder.
      subject: e.VAPID_SUBJECT ?? (appUrl(e).startsWith("https:") ? appUrl(e) : "mailto:herald@localhost"),
    };
    return { name: "webpush", config, create: () => createWebPushProvider(config) };
  }
  if (channel === "wechat" && e.WECHAT_APP_ID && e.WECHAT_APP_SECRET) {
    const config = { appId: e.WECHAT_APP_ID, appSecret: e.WECHAT_APP_SECRET, baseUrl: e.WECHAT_API_BASE_URL };
    return { name: "wechat", config, create: () => createWeChatProvider(config) };
  }
  return { name: "outbox", config: null, create: () => createOutboxProvider(channel) };
}

// One instance per channel and configuration for the process (cached tokens, pooled connections),
// on globalThis because Next.js route handlers and the server load separate copies of this module.
const g = globalThis as unknown as { __heraldProviders?: Map<string, Provider> };

/** The provider that sends `channel` under this configuration. */
export function providerFor(channel: ExternalChannel, e: Env = processEnv()): Provider {
  const choice = choose(channel, e);
  const key = `${channel}:${choice.name}:${JSON.stringify(choice.config)}`;
  g.__heraldProviders ??= new Map();
  let provider = g.__heraldProviders.get(key);
  if (!provider) {
    provider = choice.create();
    g.__heraldProviders.set(key, provider);
  }
  return provider;
}

/** Closes every cached provider (shutdown, tests); the next providerFor builds fresh ones. */
export async function closeProviders(): Promise<void> {
  const providers = [...(g.__heraldProviders?.values() ?? [])];
  g.__heraldProviders = undefined;
  await Promise.allSettled(providers.map((p) => p.close?.()));
}
