import { describe, expect, it } from "vitest";
import { errorForStatus, parseRetryAfter } from "./errors";
import { normalizePhone, truncateSms } from "./twilio";
import { parseSubscription } from "./webpush";

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("30")).toBe(30_000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("errorForStatus", () => {
  it("retries 429, 408 and 5xx; fails other 4xx at once", () => {
    expect(errorForStatus("x", 429, "", "2")).toMatchObject({
      retryable: true,
      code: "rate_limited",
      retryAfterMs: 2000,
    });
    expect(errorForStatus("x", 503, "")).toMatchObject({ retryable: true, code: "provider_unavailable" });
    expect(errorForStatus("x", 408, "")).toMatchObject({ retryable: true });
    expect(errorForStatus("x", 401, "")).toMatchObject({ retryable: false, code: "unauthorized" });
    expect(errorForStatus("x", 400, "")).toMatchObject({ retryable: false, code: "rejected" });
  });
});

describe("SMS helpers", () => {
  it("normalizes E.164 numbers and refuses others", () => {
    expect(normalizePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalizePhone("020 7946 0958")).toBeUndefined();
    expect(normalizePhone("+0123456789")).toBeUndefined();
  });

  it("cuts by characters, never inside an emoji", () => {
    expect(truncateSms("hello", 5)).toBe("hello");
    expect(truncateSms("😀😀😀😀", 3)).toBe("😀😀…");
  });
});

describe("parseSubscription", () => {
  it("accepts a browser subscription and refuses broken ones", () => {
    const keys = {
      p256dh: Buffer.alloc(65, 4).toString("base64url"),
      auth: Buffer.alloc(16, 1).toString("base64url"),
    };
    const sub = { endpoint: "https://push.example/abc", keys };
    expect(parseSubscription(JSON.stringify(sub))).toEqual(sub);
    expect(parseSubscription(JSON.stringify({ ...sub, keys: { ...keys, p256dh: "AAAA" } }))).toBeUndefined();
    expect(parseSubscription("{")).toBeUndefined();
  });
});
