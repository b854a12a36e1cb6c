// Chooses each channel's providers: the tenant's chain of integrations in order, else a real provider
// configured in the environment (the default tenant's; another tenant's only when the operator
// shares them), else the dev outbox.
import { eq } from "drizzle-orm";
import { SecretDecryptError } from "../crypto/secrets";
import type { Executor } from "../db/client";
import { appUrl, env as processEnv, type Env } from "../env";
import { closeIntegrationProviders, integrationProvider } from "../integrations/provider";
import { forgetAllSenders, rememberSender } from "../integrations/sender-cache";
import {
  chainIntegrations,
  mobilePushIntegrations,
  settingsOf,
  type Integration,
} from "../integrations/store";
import type { MobilePushProvider } from "../integrations/schema";
import { tenants } from "../db/schema";
import { processSingleton } from "../process-singleton";
import { DEFAULT_TENANT_SLUG } from "../tenants/tenants";
import { ProviderError, type ExternalChannel, type Provider } from "../providers/types";
import { createOutboxProvider } from "../providers/outbox";
import { createResendProvider } from "../providers/resend";
import { createSmtpProvider } from "../providers/smtp";
import { createTwilioProvider } from "../providers/twilio";
import { createWebPushProvider } from "../providers/webpush";
import { createWeChatProvider } from "../providers/wechat";
import { createChatProvider } from "../providers/chat";

type Choice = { name: string; config: unknown; create(): Provider };

const DEFAULT_FROM = "Herald <herald@localhost>";

const outboxChoice = (channel: ExternalChannel): Choice => ({
  name: "outbox",
  config: null,
  create: () => createOutboxProvider(channel),
});

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
  if (channel === "chat") return chatChoice(e);
  return outboxChoice(channel);
}

/**
 * Chat without a tenant integration: webhook destinations are their own credential and send as
 * they are; a Slack channel id (which needs a bot) goes to the dev outbox outside production.
 */
function chatChoice(e: Env): Choice {
  const config = { slackApiBaseUrl: e.SLACK_API_BASE_URL, outboxForBot: e.NODE_ENV !== "production" };
  return {
    name: "chat",
    config,
    create: () =>
      createChatProvider({
        slackApiBaseUrl: config.slackApiBaseUrl,
        withoutBot: config.outboxForBot ? createOutboxProvider("chat") : undefined,
      }),
  };
}

// One instance per channel and configuration for the process (cached tokens, pooled connections).
const providerCache = () => processSingleton("delivery.providers", () => new Map<string, Provider>());

function cached(channel: ExternalChannel, choice: Choice): Provider {
  const key = `${channel}:${choice.name}:${JSON.stringify(choice.config)}`;
  let provider = providerCache().get(key);
  if (!provider) {
    provider = choice.create();
    providerCache().set(key, provider);
  }
  return provider;
}

/** The provider that sends `channel` under this configuration. */
export function providerFor(channel: ExternalChannel, e: Env = processEnv()): Provider {
  return cached(channel, choose(channel, e));
}

/** Closes every cached provider, the integrations' too (shutdown, tests); the next send builds fresh ones. */
export async function closeProviders(): Promise<void> {
  const providers = [...providerCache().values()];
  providerCache().clear();
  forgetAllSenders();
  await Promise.allSettled([...providers.map((p) => p.close?.()), closeIntegrationProviders()]);
}

/**
 * The provider a tenant's channel sends with, and the integration it came from (null: the
 * environment's). `shared`: the operator's environment provider lent to a tenant other than the
 * default, whose deliveries count against SHARED_PROVIDER_DAILY_LIMIT.
 */
export type ChannelSender = { provider: Provider; integrationId: string | null; shared?: boolean };

/** No provider may send the tenant's channel (production only): the delivery fails at once. */
export class NoProviderError extends ProviderError {
  constructor(channel: ExternalChannel) {
    super(
      `No ${channel} provider for this tenant: configure a ${channel} integration` +
        " (the operator's providers are not shared with tenants)",
      false,
      "no_provider",
    );
    this.name = "NoProviderError";
  }
}

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

/** One member of a tenant's chain: ready to send, or why it cannot. */
export type ChainMember = ChannelSender | IntegrationUnusableError;

/** The integration as a ready Provider, or why it cannot send. */
function integrationSender(row: Integration): ChainMember {
  const channel = row.channel as ExternalChannel;
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

/** The tenant's chain for the channel as Providers; empty when it has none (the environment's sends). */
async function integrationSenders(db: Executor, tenantId: string, channel: ExternalChannel) {
  return (await chainIntegrations(db, tenantId, channel)).map(integrationSender);
}

/** The tenant's mobile push senders by platform; a platform it has no integration for is absent. */
export type MobileSenders = Partial<Record<MobilePushProvider, ChainMember>>;

/**
 * The tenant's fcm and apns integrations as Providers, remembered like its chains. They are not a
 * chain: each sends to its own platform's devices, and nothing from the environment stands in.
 */
export function mobileSendersFor(db: Executor, tenantId: string): Promise<MobileSenders> {
  return rememberSender(tenantId, "push/mobile", async () => {
    const rows = await mobilePushIntegrations(db, tenantId);
    return Object.fromEntries(rows.map((r) => [r.provider, integrationSender(r)])) as MobileSenders;
  });
}

// Slugs never change: whether a tenant is the default one is looked up once per process.
const defaultTenants = new Map<string, boolean>();

async function isDefaultTenant(db: Executor, tenantId: string): Promise<boolean> {
  let is = defaultTenants.get(tenantId);
  if (is === undefined) {
    const [row] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
    is = row?.slug === DEFAULT_TENANT_SLUG;
    defaultTenants.set(tenantId, is);
  }
  return is;
}

/**
 * The providers that send the tenant's channel, in the order a delivery tries them: its chain of
 * integrations (looked up and decrypted at most every few seconds, see sender-cache), else the
 * environment's provider, else the dev outbox. The environment's real providers are the operator's
 * account: the default tenant uses them, another tenant only with SHARED_PROVIDERS_FOR_TENANTS (then
 * `shared`, under the daily quota). A member that cannot send is an IntegrationUnusableError (not
 * retryable); throws NoProviderError in production when nothing may send for the tenant.
 */
export async function chainFor(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
  e: Env = processEnv(),
): Promise<ChainMember[]> {
  const members = await rememberSender(tenantId, channel, () => integrationSenders(db, tenantId, channel));
  if (members.length > 0) return members;
  return [await environmentSender(db, tenantId, channel, e)];
}

/** What sends a channel whose tenant has no chain, before any instance of it is made. */
async function environmentChoice(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
  e: Env,
): Promise<{ choice: Choice; shared?: boolean }> {
  const choice = choose(channel, e);
  // Not the operator's account: a tenant's chat webhooks send for it whether providers are shared or not.
  if (channel === "chat") return { choice };
  if (await isDefaultTenant(db, tenantId)) return { choice };
  if (e.SHARED_PROVIDERS_FOR_TENANTS && choice.name !== "outbox") return { choice, shared: true };
  // Outside production the outbox stands in, so development needs no accounts. In production it
  // would record a message nobody receives (in the operator's outbox) and call it sent: the
  // delivery fails instead, saying what is missing.
  if (e.NODE_ENV === "production") throw new NoProviderError(channel);
  return { choice: outboxChoice(channel) };
}

async function environmentSender(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
  e: Env,
): Promise<ChannelSender> {
  const { choice, shared } = await environmentChoice(db, tenantId, channel, e);
  return { provider: cached(channel, choice), integrationId: null, ...(shared && { shared }) };
}

/** The name of what sends the channel when the tenant's chain is empty; null when nothing may. */
export async function environmentProviderName(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
  e: Env = processEnv(),
): Promise<string | null> {
  try {
    return (await environmentChoice(db, tenantId, channel, e)).choice.name;
  } catch (err) {
    if (err instanceof NoProviderError) return null;
    throw err;
  }
}
