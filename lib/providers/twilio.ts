// SMS through Twilio's Messages API (the official SDK), optionally against another host for tests.
import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import { errorForStatus, parseRetryAfter, PROVIDER_TIMEOUT_MS, toProviderError } from "./errors";

export type TwilioConfig = {
  accountSid: string;
  authToken: string;
  /** A sending number in E.164, or a messaging service SID ("MG…"). */
  from: string;
  /** Another Twilio-compatible host (tests: a local stub); default https://api.twilio.com. */
  baseUrl?: string;
  /** Longer texts are cut to this many characters ending in "…" (Twilio's own limit is 1600). */
  maxLength?: number;
  timeoutMs?: number;
  /** Agents to connect with instead of the SDK's own (the guarded ones for a tenant's host). */
  agents?: { http: HttpAgent; https: HttpsAgent };
};

type HttpResponse = { statusCode: number; body: unknown; headers: Record<string, unknown> };
type TwilioErrorBody = { code?: number; message?: string };

/** Twilio error codes for a number that can never receive this SMS. */
const INVALID_NUMBER_CODES = new Set([21211, 21214, 21217, 21401, 21407, 21408, 21421, 21612, 21614]);
// The recipient replied STOP: only they can undo it.
const UNSUBSCRIBED_CODES = new Set([21610]);

const E164 = /^\+[1-9]\d{6,14}$/;

/** A failed Twilio API answer with what the SDK's own RestException drops: the headers (Retry-After). */
class TwilioHttpError extends Error {
  readonly status: number;
  readonly code?: number;
  readonly retryAfter?: string;
  constructor(response: HttpResponse) {
    let body: TwilioErrorBody | null;
    try {
      body = (
        typeof response.body === "string" ? JSON.parse(response.body) : response.body
      ) as TwilioErrorBody;
    } catch {
      body = null;
    }
    super(body?.message ?? `HTTP ${response.statusCode}`);
    this.name = "TwilioHttpError";
    this.status = response.statusCode;
    this.code = typeof body?.code === "number" ? body.code : undefined;
    const retryAfter = response.headers?.["retry-after"];
    this.retryAfter = typeof retryAfter === "string" ? retryAfter : undefined;
  }
}

/**
 * The SDK's supported extension point is a custom httpClient: this one sends to `baseUrl` instead
 * of api.twilio.com when set, and fails with the status, Twilio error code and headers.
 */
class HeraldRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    timeoutMs: number,
    agents?: TwilioConfig["agents"],
  ) {
    super({ timeout: timeoutMs, keepAlive: true });
    if (agents) {
      // The SDK keeps its axios instance public for this; it follows no redirects by default.
      this.axios.defaults.httpAgent = agents.http;
      this.axios.defaults.httpsAgent = agents.https;
    }
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    let uri = opts.uri;
    if (this.baseUrl) {
      const original = new URL(uri);
      uri = this.baseUrl.replace(/\/$/, "") + original.pathname + original.search;
    }
    const response = (await super.request<TData>({ ...opts, uri })) as unknown as HttpResponse;
    if (response.statusCode < 200 || response.statusCode >= 300) throw new TwilioHttpError(response);
    return response as never;
  }
}

export function classifyTwilioError(cause: unknown): ProviderError {
  // TwilioHttpError from our client; the SDK's RestException carries status and code the same way.
  const err = cause as { status?: unknown; code?: unknown; message?: string; retryAfter?: string };
  if (typeof err?.status !== "number") return toProviderError("twilio", cause);
  const code = typeof err.code === "number" ? err.code : undefined;
  const detail = `${code ?? ""} ${err.message ?? ""}`.trim();
  if (code !== undefined && INVALID_NUMBER_CODES.has(code)) {
    return new ProviderError(`twilio: ${detail}`, false, "invalid_address");
  }
  if (code !== undefined && UNSUBSCRIBED_CODES.has(code)) {
    return new ProviderError(`twilio: ${detail}`, false, "unsubscribed");
  }
  if (err.status === 429) {
    // Twilio sends no Retry-After on some 429s: a second keeps the backoff from hammering it.
    return new ProviderError(
      `twilio: ${detail}`,
      true,
      "rate_limited",
      parseRetryAfter(err.retryAfter) ?? 1000,
    );
  }
  return errorForStatus("twilio", err.status, detail, err.retryAfter);
}

/** Cuts to `max` characters (code points, so an emoji is never split), the last one "…". */
export function truncateSms(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}

/** The number in E.164 with common separators removed, or undefined when it is not one. */
export function normalizePhone(to: string): string | undefined {
  const compact = to.trim().replace(/[\s\-().]/g, "");
  return E164.test(compact) ? compact : undefined;
}

export function createTwilioProvider(config: TwilioConfig): Provider {
  const maxLength = config.maxLength ?? 1600;
  const timeoutMs = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const sender = config.from.startsWith("MG") ? { messagingServiceSid: config.from } : { from: config.from };
  let client: twilio.Twilio | undefined;
  const clientOf = () => {
    // Built on first send: the SDK throws on a malformed account SID, which should fail a delivery, not the worker.
    client ??= twilio(config.accountSid, config.authToken, {
      httpClient: new HeraldRequestClient(config.baseUrl, timeoutMs, config.agents),
    });
    return client;
  };
  return {
    name: "twilio",
    channel: "sms",
    async send(message: RenderedMessage) {
      const to = normalizePhone(message.to);
      if (!to) {
        throw new ProviderError(
          `twilio: "${message.to}" is not an E.164 phone number`,
          false,
          "invalid_address",
        );
      }
      let sdk: twilio.Twilio;
      try {
        sdk = clientOf();
      } catch (cause) {
        throw new ProviderError(`twilio: ${(cause as Error).message}`, false, "misconfigured");
      }
      try {
        const sent = await sdk.messages.create({ ...sender, to, body: truncateSms(message.text, maxLength) });
        return { providerMessageId: sent.sid };
      } catch (cause) {
        throw classifyTwilioError(cause);
      }
    },
  };
}
