// Email through Resend's API (the official SDK); the delivery id is the idempotency key.
import { Resend } from "resend";
import { emailBodyOf } from "./email/render";
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import { errorForStatus, PROVIDER_TIMEOUT_MS, toProviderError } from "./errors";

export type ResendConfig = {
  apiKey: string;
  from: string;
  /** Another Resend-compatible host (tests: a local stub); default https://api.resend.com. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Sends the SDK's requests with this fetch instead of the global one (the guarded one for tenant hosts). */
  fetch?: typeof fetch;
};

const DEFAULT_BASE_URL = "https://api.resend.com";

/**
 * The SDK calls the global fetch and takes no other: this client sends its requests with the given
 * one, answering in the SDK's own {data, error, headers} shape. Failures to connect are thrown.
 */
class ResendWithFetch extends Resend {
  constructor(
    key: string,
    private readonly base: string,
    private readonly fetchWith: typeof fetch,
  ) {
    super(key, { baseUrl: base });
  }

  // Typed never: the SDK's response type is not exported under a usable name; the shape is its own.
  override async fetchRequest(path: string, options: object = {}): Promise<never> {
    const response = await this.fetchWith(`${this.base}${path}`, options as RequestInit);
    const headers = Object.fromEntries(response.headers.entries());
    if (response.ok) return { data: await response.json(), error: null, headers } as never;
    let error: ResendError;
    try {
      error = {
        statusCode: response.status,
        ...(JSON.parse(await response.text()) as object),
      } as ResendError;
    } catch {
      error = { statusCode: response.status, name: "application_error", message: response.statusText };
    }
    return { data: null, error, headers } as never;
  }
}

type ResendError = { statusCode: number | null; name: string; message: string };

function classify(error: ResendError, headers: Record<string, string> | null): ProviderError {
  const status = error.statusCode;
  // The SDK reports a request that never got an answer as statusCode null.
  if (status === null || status === undefined) {
    return new ProviderError(`resend: ${error.message}`, true, "network_error");
  }
  const detail = `${error.name}: ${error.message}`;
  if (status === 422 && error.name === "invalid_from_address") {
    return new ProviderError(`resend: ${detail}`, false, "invalid_from");
  }
  if (status === 422) return new ProviderError(`resend: ${detail}`, false, "invalid_address");
  // Another attempt with the same key is still running: try again shortly, it will answer with its result.
  if (status === 409 && error.name === "concurrent_idempotent_requests") {
    return new ProviderError(`resend: ${detail}`, true, "rate_limited", 1000);
  }
  // The same delivery reached Resend before with other bytes (its template or a setting changed
  // between attempts): Resend keeps the first answer for a day, so no retry under this key can pass.
  if (status === 409 && error.name === "invalid_idempotent_request") {
    return new ProviderError(
      `resend: this delivery was sent before with different content; Resend refuses it under the same idempotency key (${detail})`,
      false,
      "idempotency_conflict",
    );
  }
  return errorForStatus("resend", status, detail, headers?.["retry-after"]);
}

export function createResendProvider(config: ResendConfig): Provider {
  const baseUrl = config.baseUrl?.replace(/\/$/, "");
  const client = config.fetch
    ? new ResendWithFetch(config.apiKey, baseUrl ?? DEFAULT_BASE_URL, config.fetch)
    : new Resend(config.apiKey, { baseUrl });
  const timeoutMs = config.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  return {
    name: "resend",
    channel: "email",
    async send(message: RenderedMessage) {
      const body = await emailBodyOf(message);
      let result: Awaited<ReturnType<typeof client.emails.send>>;
      try {
        result = await client.emails.send(
          {
            from: config.from,
            to: message.to,
            subject: message.title,
            html: body.html,
            text: body.text,
            ...(message.headers ? { headers: message.headers } : {}),
          },
          { idempotencyKey: message.deliveryId, signal: AbortSignal.timeout(timeoutMs) },
        );
      } catch (cause) {
        // The SDK answers most failures as values; a timeout while reading the body still throws.
        throw toProviderError("resend", cause);
      }
      const { data, error, headers } = result;
      if (error) throw classify(error, headers);
      return { providerMessageId: data.id };
    },
  };
}
