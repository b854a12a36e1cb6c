// Apple Push Notification service, token-based: an ES256 JWT from the team's .p8 key (reused for
// most of its hour) on one long-lived HTTP/2 connection, one POST /3/device/{token} per device.
import { connect, constants, type ClientHttp2Session } from "node:http2";
import { importPKCS8, SignJWT } from "jose";
import { clock } from "../clock";
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import { errorForStatus, networkError, PROVIDER_TIMEOUT_MS } from "./errors";

export const APNS_PRODUCTION_URL = "https://api.push.apple.com";
export const APNS_SANDBOX_URL = "https://api.sandbox.push.apple.com";

/** Apple refuses a provider token older than an hour and throttles refreshing more than every 20 min. */
const JWT_REUSE_MS = 50 * 60_000;

export type ApnsConfig = {
  /** The .p8 key's PEM text. */
  privateKey: string;
  keyId: string;
  teamId: string;
  /** The app's bundle id: the topic unless the device names its own app. */
  topic: string;
  /** Default api.push.apple.com (tests: a local HTTP/2 stub). */
  baseUrl?: string;
  /** A certificate authority to trust besides the system's (tests: the stub's). */
  ca?: string | Buffer;
  timeoutMs?: number;
};

/** Whether the text is a .p8 key Herald can sign with (a PKCS#8 P-256 key in PEM form). */
export async function isP8Key(pem: string): Promise<boolean> {
  try {
    await importPKCS8(pem, "ES256");
    return true;
  } catch {
    return false;
  }
}

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function apnsPayload(message: RenderedMessage) {
  // The message's own extras first, so none replaces the alert Herald sends.
  return {
    ...message.data,
    aps: { alert: { title: message.title, body: message.text }, sound: "default" },
    delivery_id: message.deliveryId,
    ...(message.actionUrl && { url: message.actionUrl }),
  };
}

export function createApnsProvider(config: ApnsConfig): Provider {
  const origin = (config.baseUrl ?? APNS_PRODUCTION_URL).replace(/\/$/, "");
  const timeoutMs = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  let signingKey: Promise<CryptoKey> | undefined;
  let jwt: { value: string; issuedAt: number } | undefined;
  let session: ClientHttp2Session | undefined;

  async function providerToken(): Promise<string> {
    const now = clock().now().getTime();
    if (jwt && now - jwt.issuedAt < JWT_REUSE_MS) return jwt.value;
    signingKey ??= importPKCS8(config.privateKey, "ES256");
    let key: CryptoKey;
    try {
      key = await signingKey;
    } catch (cause) {
      signingKey = undefined;
      throw new ProviderError(`apns: the .p8 key does not load: ${String(cause)}`, false, "misconfigured");
    }
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: config.keyId })
      .setIssuer(config.teamId)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(key);
    jwt = { value, issuedAt: now };
    return value;
  }

  /** The shared connection, opened again after it closed or failed. */
  function connection(): ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    const s = connect(origin, config.ca === undefined ? {} : { ca: config.ca });
    s.on("error", () => {
      if (session === s) session = undefined;
    });
    s.on("goaway", () => {
      if (session === s) session = undefined;
    });
    s.on("close", () => {
      if (session === s) session = undefined;
    });
    // An idle connection must not keep the process alive.
    s.unref();
    session = s;
    return s;
  }

  function request(path: string, headers: Record<string, string>, body: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      let s: ClientHttp2Session;
      try {
        s = connection();
      } catch (cause) {
        reject(cause);
        return;
      }
      const req = s.request({
        [constants.HTTP2_HEADER_METHOD]: "POST",
        [constants.HTTP2_HEADER_PATH]: path,
        "content-type": "application/json",
        ...headers,
      });
      req.setTimeout(timeoutMs, () => req.close(constants.NGHTTP2_CANCEL));
      let replyHeaders: Reply["headers"] = {};
      const chunks: Buffer[] = [];
      req.on("response", (h) => {
        replyHeaders = h as Reply["headers"];
      });
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const status = Number(replyHeaders[constants.HTTP2_HEADER_STATUS]);
        if (!status) reject(new Error("the stream ended without a response"));
        else resolve({ status, headers: replyHeaders, body: Buffer.concat(chunks).toString("utf8") });
      });
      req.on("error", reject);
      req.on("close", () => {
        if (req.rstCode && req.rstCode !== constants.NGHTTP2_NO_ERROR)
          reject(new Error(`the stream was reset (code ${req.rstCode})`));
      });
      req.end(body);
    });
  }

  async function post(message: RenderedMessage, topic: string): Promise<Reply> {
    const headers: Record<string, string> = {
      authorization: `bearer ${await providerToken()}`,
      "apns-topic": topic,
      "apns-push-type": "alert",
      // Shown at once (10), not batched for power saving (5): an alert is what the user asked for.
      "apns-priority": "10",
      // Kept by APNs for a day when the device is offline, like Web Push's TTL.
      "apns-expiration": String(Math.floor(clock().now().getTime() / 1000) + 86_400),
    };
    // The delivery id as apns-id, so APNs and Herald name the notification alike.
    if (/^[0-9a-f-]{36}$/i.test(message.deliveryId)) headers["apns-id"] = message.deliveryId;
    try {
      return await request(
        `/3/device/${encodeURIComponent(message.to)}`,
        headers,
        JSON.stringify(apnsPayload(message)),
      );
    } catch (cause) {
      throw networkError("apns", cause);
    }
  }

  return {
    name: "apns",
    channel: "push",
    async send(message) {
      const topic = message.appId ?? config.topic;
      let reply = await post(message, topic);
      let reason = reasonOf(reply);
      if (reply.status === 403 && reason === "ExpiredProviderToken") {
        // Our clock and Apple's disagree about the token's age: sign a new one, once.
        jwt = undefined;
        reply = await post(message, topic);
        reason = reasonOf(reply);
      }
      if (reply.status === 200) {
        const id = reply.headers["apns-id"];
        return { providerMessageId: typeof id === "string" ? id : null };
      }
      const text = `apns: HTTP ${reply.status} ${reason}`.trim();
      // The app was removed from the device, or the token was never one of this environment's.
      if (
        (reply.status === 410 && reason === "Unregistered") ||
        (reply.status === 400 && reason === "BadDeviceToken")
      )
        throw new ProviderError(text, false, "device_gone");
      if (reply.status === 403) {
        jwt = undefined;
        throw new ProviderError(text, false, "unauthorized");
      }
      if (reply.status === 413) throw new ProviderError(text, false, "payload_too_large");
      const retryAfter = reply.headers["retry-after"];
      throw errorForStatus(
        "apns",
        reply.status,
        reason,
        typeof retryAfter === "string" ? retryAfter : undefined,
      );
    },
    async close() {
      const s = session;
      session = undefined;
      if (s && !s.closed) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

function reasonOf(reply: Reply): string {
  try {
    return String((JSON.parse(reply.body) as { reason?: unknown }).reason ?? "");
  } catch {
    return "";
  }
}
