// Chooses each channel's provider: the tenant's default integration, else a real provider configured
// in the environment, else the dev outbox.
import { SecretDecryptError } from "../../crypto/secrets";
import type { Executor } from "../../db/client";
import { appUrl, env as processEnv, type Env } from "../../env";
import { closeIntegrationProviders, integrationProvider } from "../../integrations/provider";
import { forgetAllSenders, rememberSender } from "../../integrations/sender-cache";
import { defaultIntegration, settingsOf } from "../../integrations/store";
import { ProviderError, type ExternalChannel, type Provider } from "../types";
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

/** Closes every cached provider, the integrations' too (shutdown, tests); the next send builds fresh ones. */
export async function closeProviders(): Promise<void> {
  const providers = [...(g.__heraldProviders?.values() ?? [])];
  g.__heraldProviders = undefined;
  forgetAllSenders();
  await Promise.allSettled([...providers.map((p) => p.close?.()), closeIntegrationProviders()]);
}

/** The provider a tenant's channel sends with, and the integration it came from (null: the environment's). */
export type ChannelSender = { provider: Provider; integrationId: string | null };

/**
 * The tenant's default integration cannot send (its secrets no longer decrypt, or its settings do
 * not build a client): the delivery fails at once, since another attempt would meet the same wall.
 */
export class IntegrationUnusableError extends ProviderError {
  constructor(
    message: string,
    code: string,
    readonly integrationId: string,
    readonly providerName: string,
  ) {
    super(message, false, code);
    this.name = "IntegrationUnusableError";
  }
}

/** The tenant's default integration as a ready Provider; null when it has none (the environment's sends). */
async function integrationSender(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
): Promise<ChannelSender | IntegrationUnusableError | null> {
  const row = await defaultIntegration(db, tenantId, channel);
  if (!row) return null;
  const unusable = (code: string, why: string) =>
    new IntegrationUnusableError(
      `The ${channel} integration "${row.name}" ${why}`,
      code,
      row.id,
      row.provider,
    );
  try {
    return { provider: integrationProvider(settingsOf(row)), integrationId: row.id };
  } catch (cause) {
    if (cause instanceof SecretDecryptError) {
      return unusable(
        "secrets_unreadable",
        "has secrets that do not decrypt (APP_SECRET changed?): save them again",
      );
    }
    // An SDK refusing the stored settings: the same settings will be refused next time too.
    return unusable("integration_invalid", `cannot be used: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * The provider that sends the tenant's channel: its default integration (looked up and decrypted at
 * most every few seconds, see sender-cache), else the environment's provider, else the dev outbox.
 * Throws IntegrationUnusableError (not retryable) when the tenant's integration cannot send.
 */
export async function senderFor(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
  e: Env = processEnv(),
): Promise<ChannelSender> {
  const sender = await rememberSender(tenantId, channel, () => integrationSender(db, tenantId, channel));
  if (sender instanceof IntegrationUnusableError) throw sender;
  return sender ?? { provider: providerFor(channel, e), integrationId: null };
}
