// Builds a channel Provider from an integration with the existing adapters, and the console's test send.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { createOutboxProvider } from "../providers/outbox";
import { createResendProvider } from "../providers/resend";
import { createSmtpProvider } from "../providers/smtp";
import { createTwilioProvider } from "../providers/twilio";
import { createWebPushProvider } from "../providers/webpush";
import { createWeChatProvider } from "../providers/wechat";
import { createChatProvider } from "../providers/chat";
import { createFcmProvider } from "../providers/fcm";
import { APNS_SANDBOX_URL, createApnsProvider } from "../providers/apns";
import { parseServiceAccount } from "../push/service-account";
import { ProviderError, type Provider } from "../providers/types";
import { env as processEnv, type Env } from "../env";
import { SecretDecryptError } from "../crypto/secrets";
import { guardedFetchApi, guardedSmtpSocket, sharedAgents } from "../http/outbound";
import { logger } from "../log";
import { processSingleton } from "../process-singleton";
import { endpointProblems, hasOwnEndpoint } from "./hosts";
import type { integrationTestResultSchema, TestFailureCategory } from "./schema";
import { settingsOf, type Integration, type IntegrationSettings } from "./store";

/**
 * A new Provider for the integration; API hosts not set on it come from the environment (local
 * stubs) or are the provider's public ones. A host the tenant set must still be allowed, and is
 * reached through the guarded agent only.
 */
export function buildIntegrationProvider(s: IntegrationSettings, e: Env = processEnv()): Provider {
  const refused = endpointProblems(s.provider, s, e);
  if (refused.length > 0) {
    const what = refused.map((p) => `${p.field} ${p.message}`).join("; ");
    throw new ProviderError(`${s.provider}: ${what}`, false, "host_not_allowed");
  }
  const guarded = hasOwnEndpoint(s.provider, s);
  switch (s.provider) {
    case "resend":
      return createResendProvider({
        apiKey: s.secrets.api_key,
        from: s.config.from,
        baseUrl: s.config.base_url ?? e.RESEND_BASE_URL,
        fetch: guarded ? guardedFetchApi : undefined,
      });
    case "smtp":
      return createSmtpProvider({ url: s.secrets.url, from: s.config.from, getSocket: guardedSmtpSocket });
    case "twilio":
      return createTwilioProvider({
        accountSid: s.secrets.account_sid,
        authToken: s.secrets.auth_token,
        from: s.config.from,
        baseUrl: s.config.base_url ?? e.TWILIO_API_BASE_URL,
        maxLength: e.SMS_MAX_LENGTH,
        agents: guarded ? sharedAgents() : undefined,
      });
    case "webpush":
      return createWebPushProvider({
        publicKey: s.config.public_key,
        privateKey: s.secrets.private_key,
        subject: s.config.subject,
      });
    case "fcm": {
      const account = parseServiceAccount(s.secrets.service_account);
      if (typeof account === "string")
        throw new ProviderError(`fcm: the service account ${account}`, false, "misconfigured");
      return createFcmProvider({
        serviceAccount: account,
        projectId: s.config.project_id ?? account.project_id ?? "",
        baseUrl: e.FCM_API_BASE_URL,
        tokenUrl: e.FCM_TOKEN_URL,
      });
    }
    case "apns":
      return createApnsProvider({
        privateKey: s.secrets.private_key,
        keyId: s.config.key_id,
        teamId: s.config.team_id,
        topic: s.config.bundle_id,
        baseUrl: e.APNS_BASE_URL ?? (s.config.environment === "sandbox" ? APNS_SANDBOX_URL : undefined),
        ca: apnsCa(e),
      });
    case "wechat":
      return createWeChatProvider({
        appId: s.config.app_id,
        appSecret: s.secrets.app_secret,
        baseUrl: s.config.base_url ?? e.WECHAT_API_BASE_URL,
        fetch: guarded ? guardedFetchApi : undefined,
      });
    case "slack_bot":
      return createChatProvider({
        slackBotToken: s.secrets.bot_token,
        slackApiBaseUrl: s.config.base_url ?? e.SLACK_API_BASE_URL,
      });
    case "outbox":
      return createOutboxProvider(s.channel);
  }
}

/** The extra certificate authority apns integrations trust (tests: the local stub's). */
function apnsCa(e: Env): Buffer | undefined {
  return e.APNS_CA_FILE ? readFileSync(e.APNS_CA_FILE) : undefined;
}

// One Provider per integration and version of its settings (pooled SMTP connections, cached WeChat
// tokens), one set per process.
const providerCache = () =>
  processSingleton(
    "integrations.providers",
    () => new Map<string, { fingerprint: string; provider: Provider }>(),
  );

/** The cached Provider for the integration; a changed integration gets a new one and the old one is closed. */
export function integrationProvider(s: IntegrationSettings): Provider {
  // A digest, so no secret sits in a map key.
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([s.provider, s.channel, s.config, s.secrets]))
    .digest("base64url");
  const cached = providerCache().get(s.id);
  if (cached?.fingerprint === fingerprint) return cached.provider;
  void cached?.provider.close?.().catch(() => {});
  const provider = buildIntegrationProvider(s);
  providerCache().set(s.id, { fingerprint, provider });
  return provider;
}

/** Closes every cached integration provider (shutdown, tests). */
export async function closeIntegrationProviders(): Promise<void> {
  const providers = [...providerCache().values()].map((c) => c.provider);
  providerCache().clear();
  await Promise.allSettled(providers.map((p) => p.close?.()));
}

export type IntegrationTestResult = z.output<typeof integrationTestResultSchema>;

const AUTH_CODES = new Set(["unauthorized", "misconfigured", "invalid_from"]);
const UNREACHABLE_CODES = new Set(["network_error", "provider_unavailable", "rate_limited", "deferred"]);
const REFUSED_CODES = new Set(["address_refused", "host_not_allowed"]);

function categoryOf(code: string): TestFailureCategory {
  if (REFUSED_CODES.has(code)) return "address_refused";
  if (AUTH_CODES.has(code)) return "auth_failed";
  if (UNREACHABLE_CODES.has(code)) return "unreachable";
  return "rejected";
}

const failed = (code: string, retryable: boolean): IntegrationTestResult => ({
  ok: false,
  error: code === "secrets_unreadable" ? "secrets_unreadable" : categoryOf(code),
  error_code: code,
  retryable,
});

/** Sends one message through the integration and reports how it went; a provider failure is a result, not an exception. */
export async function testIntegration(
  row: Integration,
  message: { to: string; title?: string; text?: string },
): Promise<IntegrationTestResult> {
  let s: IntegrationSettings;
  try {
    s = settingsOf(row);
  } catch (cause) {
    if (!(cause instanceof SecretDecryptError)) throw cause;
    return failed("secrets_unreadable", false);
  }
  let provider: Provider;
  try {
    // A provider of its own, closed afterwards: a test must not disturb the one deliveries use.
    provider = buildIntegrationProvider(s);
  } catch (cause) {
    return failed(cause instanceof ProviderError ? cause.code : "integration_invalid", false);
  }
  try {
    const title = message.title ?? "Herald test message";
    const result = await provider.send({
      deliveryId: randomUUID(),
      tenantId: s.tenantId,
      channel: s.channel,
      to: message.to,
      title,
      text: message.text ?? `This is a test message from the "${s.name}" integration in Herald.`,
    });
    return { ok: true, provider_message_id: result.providerMessageId };
  } catch (cause) {
    // The detail is for the operator's log only.
    logger().info(
      { integrationId: s.id, provider: s.provider, err: (cause as Error)?.message ?? String(cause) },
      "integration test send failed",
    );
    if (cause instanceof ProviderError) return failed(cause.code, cause.retryable);
    return failed("error", false);
  } finally {
    await provider.close?.().catch(() => {});
  }
}
