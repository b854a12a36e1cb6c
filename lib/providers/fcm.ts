// Firebase Cloud Messaging HTTP v1: a service account's OAuth2 access token (JWT-bearer grant,
// cached until shortly before it expires) and one messages:send per device token.
import { importPKCS8, SignJWT } from "jose";
import { clock } from "../clock";
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import type { ServiceAccount } from "../push/service-account";
import { errorForStatus, networkError, PROVIDER_TIMEOUT_MS } from "./errors";

export const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

export type FcmConfig = {
  serviceAccount: ServiceAccount;
  projectId: string;
  /** Default https://fcm.googleapis.com (tests: a local stub). */
  baseUrl?: string;
  /** Default https://oauth2.googleapis.com/token; also the assertion's audience. */
  tokenUrl?: string;
  timeoutMs?: number;
  /** Fetch a new access token this long before the current one expires. */
  tokenMarginMs?: number;
};

type FcmErrorBody = {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: { "@type"?: string; errorCode?: string; fieldViolations?: { field?: string }[] }[];
  };
};

/** FCM's own error code (UNREGISTERED, INVALID_ARGUMENT…) and whether the token is the field at fault. */
function fcmErrorOf(body: FcmErrorBody) {
  const details = body.error?.details ?? [];
  const code = details.find((d) => d.errorCode)?.errorCode ?? body.error?.status ?? "";
  const tokenAtFault = details.some((d) => d.fieldViolations?.some((f) => f.field === "message.token"));
  return { code, tokenAtFault, message: body.error?.message ?? "" };
}

/** FCM wants every data value as a string. */
function dataOf(message: RenderedMessage): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.data ?? {})) {
    if (v === undefined || v === null) continue;
    data[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  // Herald's own keys last, so no extra replaces them.
  data.delivery_id = message.deliveryId;
  if (message.actionUrl) data.url = message.actionUrl;
  return data;
}

export function createFcmProvider(config: FcmConfig): Provider {
  const base = (config.baseUrl ?? "https://fcm.googleapis.com").replace(/\/$/, "");
  const tokenUrl = config.tokenUrl ?? "https://oauth2.googleapis.com/token";
  const timeoutMs = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const marginMs = config.tokenMarginMs ?? 300_000;
  let cached: { value: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  let signingKey: Promise<CryptoKey> | undefined;

  async function assertion(): Promise<string> {
    signingKey ??= importPKCS8(config.serviceAccount.private_key, "RS256");
    let key: CryptoKey;
    try {
      key = await signingKey;
    } catch (cause) {
      signingKey = undefined;
      throw new ProviderError(
        `fcm: the service account's private key does not load: ${String(cause)}`,
        false,
        "misconfigured",
      );
    }
    const now = Math.floor(clock().now().getTime() / 1000);
    return new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({
        alg: "RS256",
        typ: "JWT",
        ...(config.serviceAccount.private_key_id && { kid: config.serviceAccount.private_key_id }),
      })
      .setIssuer(config.serviceAccount.client_email)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
  }

  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: await assertion(),
    });
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw networkError("fcm token", cause);
    }
    const reply = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !reply.access_token) {
      const detail = [reply.error, reply.error_description].filter(Boolean).join(": ");
      // A refused grant (a revoked key, a wrong account) is the integration's settings, not a moment.
      if (response.status === 400 || response.status === 401)
        throw new ProviderError(
          `fcm token: HTTP ${response.status} ${detail}`.trim(),
          false,
          "misconfigured",
        );
      throw errorForStatus("fcm token", response.status, detail, response.headers.get("retry-after"));
    }
    const now = clock().now().getTime();
    cached = { value: reply.access_token, expiresAt: now + (reply.expires_in ?? 3600) * 1000 };
    return reply.access_token;
  }

  /** The cached token while it has more than the margin left; one fetch at a time otherwise. */
  function accessToken(): Promise<string> {
    if (cached && cached.expiresAt - marginMs > clock().now().getTime()) return Promise.resolve(cached.value);
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  async function post(message: RenderedMessage, token: string): Promise<Response> {
    const url = `${base}/v1/projects/${encodeURIComponent(config.projectId)}/messages:send`;
    const body = {
      message: {
        token: message.to,
        notification: { title: message.title, body: message.text },
        data: dataOf(message),
      },
    };
    try {
      return await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw networkError("fcm", cause);
    }
  }

  return {
    name: "fcm",
    channel: "push",
    async send(message) {
      let response = await post(message, await accessToken());
      if (response.status === 401) {
        // Revoked or expired early: one fresh token, once.
        cached = undefined;
        response = await post(message, await accessToken());
      }
      if (response.ok) {
        const reply = (await response.json().catch(() => ({}))) as { name?: string };
        return { providerMessageId: reply.name ?? null };
      }
      const {
        code,
        tokenAtFault,
        message: detail,
      } = fcmErrorOf((await response.json().catch(() => ({}))) as FcmErrorBody);
      const text = `fcm: HTTP ${response.status} ${code} ${detail}`.trim();
      // The app was uninstalled or the token expired, or it was never one: it never works again.
      if (code === "UNREGISTERED" || (code === "INVALID_ARGUMENT" && tokenAtFault))
        throw new ProviderError(text, false, "device_gone");
      // The iOS credentials uploaded to Firebase are refused: every iOS device fails alike.
      if (code === "THIRD_PARTY_AUTH_ERROR") throw new ProviderError(text, false, "unauthorized");
      // A token of another Firebase project: this device only, and kept (the project may be wrong).
      if (code === "SENDER_ID_MISMATCH") throw new ProviderError(text, false, "rejected");
      throw errorForStatus(
        "fcm",
        response.status,
        `${code} ${detail}`.trim(),
        response.headers.get("retry-after"),
      );
    },
  };
}
