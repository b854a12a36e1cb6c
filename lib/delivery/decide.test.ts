import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, type UserPreferences } from "../preferences/decide";
import {
  afterFailedSend,
  decide,
  LAST_PROVIDER_ATTEMPTS,
  MAX_ATTEMPTS,
  quotaSpent,
  RELEASE_WAIT_LIMIT_MS,
  RELEASE_WAIT_MS,
  retryDelayMs,
  type DecideInput,
  type ProviderState,
} from "./decide";
import type { AnnouncementSource, NotificationSource, Recipient, WorkflowSource } from "./source";
import { ProviderError, type ExternalChannel } from "../providers/types";
import { invalid, notFound, rateLimited } from "../errors";

const now = new Date("2026-03-02T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

const recipient: Recipient = {
  id: "u1",
  externalId: "pia",
  name: "Pia",
  email: "pia@example.com",
  phone: "+15550001111",
  wechatOpenid: "openid-pia",
  locale: null,
  timezone: null,
  deletedAt: null,
};

function notification(
  over: Partial<NotificationSource["notification"]> = {},
  delivery: Partial<Omit<NotificationSource, "notification">> = {},
): NotificationSource {
  return {
    kind: "notification",
    id: "d1",
    tenantId: "t1",
    channel: "email",
    attempts: 1,
    route: { name: null, integrationId: null, attempts: 0 },
    createdAt: later(-60_000),
    recipient,
    notificationId: "n1",
    notification: {
      type: "info",
      title: "Hello",
      content: "World",
      metadata: {},
      priority: "normal",
      status: "processing",
      channels: ["email"],
      deletedAt: null,
      scheduledAt: null,
      templateId: null,
      templateVersion: null,
      templateParams: null,
      ...over,
    },
    ...delivery,
  };
}

function announcement(over: Partial<AnnouncementSource["announcement"]> = {}): AnnouncementSource {
  return {
    kind: "announcement",
    id: "d2",
    tenantId: "t1",
    channel: "email",
    attempts: 1,
    route: { name: null, integrationId: null, attempts: 0 },
    createdAt: later(-60_000),
    recipient,
    announcementId: "a1",
    announcement: {
      title: "Maintenance",
      content: "Tonight",
      severity: "info",
      status: "published",
      expiresAt: null,
      deletedAt: null,
      ...over,
    },
  };
}

function workflowStep(over: Partial<WorkflowSource["workflow"]> = {}): WorkflowSource {
  return {
    kind: "workflow",
    id: "d3",
    tenantId: "t1",
    channel: "email",
    attempts: 1,
    route: { name: null, integrationId: null, attempts: 0 },
    createdAt: later(-60_000),
    recipient,
    workflowRunId: "r1",
    stepId: "email",
    workflow: {
      runStatus: "completed",
      critical: false,
      key: "comment.created",
      category: "comments",
      message: { title: "Unread", text: "…" },
      ...over,
    },
  };
}

const ready: ProviderState = { kind: "ready", name: "resend", integrationId: "i1", shared: false };
const prefs = (over: Partial<UserPreferences>): UserPreferences => ({ ...DEFAULT_PREFERENCES, ...over });
const input = (over: Partial<DecideInput>): DecideInput => ({
  source: notification(),
  preferences: undefined,
  subscriptions: [],
  chain: [ready],
  now,
  maxAgeMs: 72 * 3_600_000,
  ...over,
});

describe("decide: cancel", () => {
  it.each([
    ["a deleted notification", notification({ deletedAt: now }), "deleted"],
    ["a recalled notification", notification({ status: "recalled" }), "recalled"],
    ["a cancelled notification", notification({ status: "cancelled" }), "cancelled"],
    ["an expired notification", notification({ status: "expired" }), "expired"],
    ["a deleted announcement", announcement({ deletedAt: now }), "deleted"],
    ["an archived announcement", announcement({ status: "archived" }), "archived"],
    ["an expired announcement", announcement({ expiresAt: now }), "expired"],
  ] as const)("%s is cancelled as %s", (_, source, reason) => {
    expect(decide(input({ source }))).toEqual({ action: "cancel", reason });
  });

  it("a deleted recipient gets nothing more, from a notification or an announcement", () => {
    const gone = { ...recipient, deletedAt: now };
    for (const source of [notification(), announcement()]) {
      expect(decide(input({ source: { ...source, recipient: gone } }))).toEqual({
        action: "cancel",
        reason: "user_deleted",
      });
    }
  });

  it("cancels before anything else is looked at: preferences, address or provider", () => {
    const source = { ...notification({ status: "recalled" }), recipient: { ...recipient, email: null } };
    const provider: ProviderState = { kind: "unusable", code: "no_provider", message: "none" };
    expect(
      decide(input({ source, chain: [provider], preferences: prefs({ disabledChannels: ["email"] }) })),
    ).toEqual({
      action: "cancel",
      reason: "recalled",
    });
  });
});

describe("decide: requeue", () => {
  it("a scheduled notification not released yet waits a moment and tries again", () => {
    const source = notification({ status: "pending", scheduledAt: later(-1000) });
    expect(decide(input({ source }))).toEqual({
      action: "requeue",
      cause: "unreleased",
      at: later(RELEASE_WAIT_MS),
    });
  });

  it("…but not once its release is long overdue: it goes out", () => {
    const source = notification({ status: "pending", scheduledAt: later(-RELEASE_WAIT_LIMIT_MS) });
    expect(decide(input({ source }))).toMatchObject({ action: "send" });
  });

  it("do-not-disturb defers a non-urgent delivery to the window's end", () => {
    const preferences = prefs({ doNotDisturb: { start: "11:00", end: "13:30" }, timezone: "UTC" });
    expect(decide(input({ preferences }))).toEqual({
      action: "requeue",
      cause: "do_not_disturb",
      at: new Date("2026-03-02T13:30:00Z"),
    });
    const urgent = notification({ priority: "urgent" });
    expect(decide(input({ source: urgent, preferences }))).toMatchObject({ action: "send" });
  });

  it("a critical announcement is urgent: do-not-disturb lets it through", () => {
    const preferences = prefs({ doNotDisturb: { start: "11:00", end: "13:30" } });
    expect(decide(input({ source: announcement({ severity: "critical" }), preferences }))).toMatchObject({
      action: "send",
    });
    expect(decide(input({ source: announcement({ severity: "warning" }), preferences }))).toMatchObject({
      action: "requeue",
      cause: "do_not_disturb",
    });
  });
});

describe("decide: a workflow step's delivery", () => {
  const preferences = prefs({ doNotDisturb: { start: "11:00", end: "13:30" } });

  it("a critical workflow is urgent: do-not-disturb lets it through; another waits", () => {
    expect(decide(input({ source: workflowStep({ critical: true }), preferences }))).toMatchObject({
      action: "send",
    });
    expect(decide(input({ source: workflowStep(), preferences }))).toMatchObject({
      action: "requeue",
      cause: "do_not_disturb",
    });
  });

  it("the recipient's choice for the workflow, else for its category, skips it", () => {
    const off = { enabled: false };
    const appOnly = { enabled: true, channels: ["app" as const] };
    const cases = [
      [prefs({ workflows: { "comment.created": off } }), "workflow_disabled"],
      [prefs({ categories: { comments: off } }), "workflow_disabled"],
      [prefs({ workflows: { "comment.created": appOnly } }), "not_chosen_for_workflow"],
      // The workflow's own entry wins over its category's.
      [prefs({ workflows: { "comment.created": { enabled: true } }, categories: { comments: off } }), "send"],
      [prefs({ workflows: { other: off }, categories: { billing: off } }), "send"],
    ] as const;
    for (const [preferences, expected] of cases) {
      const d = decide(input({ source: workflowStep(), preferences }));
      expect(d.action === "skip" ? d.reason : d.action).toBe(expected);
    }
  });

  it("a critical workflow ignores every opt-out: the workflow's, its category's, channels, type and mute", () => {
    const preferences = prefs({
      workflows: { "comment.created": { enabled: false } },
      categories: { comments: { enabled: false } },
      disabledChannels: ["email"],
      channelsByType: { info: ["app"] },
      muteUntil: later(60_000),
    });
    expect(decide(input({ source: workflowStep({ critical: true }), preferences }))).toMatchObject({
      action: "send",
    });
    expect(decide(input({ source: workflowStep(), preferences }))).toEqual({
      action: "skip",
      reason: "workflow_disabled",
    });
  });

  it("is cancelled once its run was cancelled, and sent while the run goes on or is over", () => {
    expect(decide(input({ source: workflowStep({ runStatus: "cancelled" }) }))).toEqual({
      action: "cancel",
      reason: "cancelled",
    });
    for (const runStatus of ["running", "waiting", "completed"] as const)
      expect(decide(input({ source: workflowStep({ runStatus }) }))).toMatchObject({ action: "send" });
  });
});

describe("decide: skip", () => {
  it.each([
    ["channel_disabled", prefs({ disabledChannels: ["email"] })],
    ["not_chosen_for_type", prefs({ channelsByType: { info: ["sms"] } })],
    ["muted", prefs({ muteUntil: later(60_000) })],
  ] as const)("the recipient's preferences skip it as %s", (reason, preferences) => {
    expect(decide(input({ preferences }))).toEqual({ action: "skip", reason });
  });

  it("an announcement is judged as a system notice", () => {
    const preferences = prefs({ channelsByType: { system: ["sms"] } });
    expect(decide(input({ source: announcement(), preferences }))).toEqual({
      action: "skip",
      reason: "not_chosen_for_type",
    });
  });

  it("a chat delivery sends to each of its destinations, named by label in the log, or has no address", () => {
    const source = notification({}, { channel: "chat" });
    const chat = [
      {
        destination: { provider: "slack" as const, webhook_url: "https://hooks.slack.com/services/T/B/x" },
        label: "slack",
      },
      { destination: { provider: "slack" as const, channel: "C0OPS00001" }, label: "target:ops-room" },
    ];
    expect(decide(input({ source, chat }))).toMatchObject({
      action: "send",
      targets: [
        { to: JSON.stringify(chat[0]!.destination), label: "slack" },
        { to: JSON.stringify(chat[1]!.destination), label: "target:ops-room" },
      ],
    });
    expect(decide(input({ source, chat: [] }))).toEqual({ action: "skip", reason: "no_address" });
  });

  it.each(["email", "sms", "wechat", "push"] as const)(
    "no address for %s skips it as no_address",
    (channel) => {
      const bare = { ...recipient, email: null, phone: null, wechatOpenid: null };
      const source = notification({}, { channel, recipient: bare });
      expect(decide(input({ source }))).toEqual({ action: "skip", reason: "no_address" });
    },
  );

  it("skips before looking at the provider", () => {
    const provider: ProviderState = { kind: "unusable", code: "no_provider", message: "none" };
    expect(decide(input({ chain: [provider], preferences: prefs({ muteUntil: later(1) }) }))).toEqual({
      action: "skip",
      reason: "muted",
    });
  });
});

describe("decide: fail", () => {
  it("an integration that cannot send fails at once, naming it", () => {
    const provider: ProviderState = {
      kind: "unusable",
      code: "secrets_unreadable",
      message: "has secrets that do not decrypt",
      provider: { name: "resend", integrationId: "i1" },
    };
    expect(decide(input({ chain: [provider] }))).toEqual({
      action: "fail",
      reason: "secrets_unreadable",
      lastError: "has secrets that do not decrypt",
      provider: { name: "resend", integrationId: "i1" },
    });
  });

  it("no provider at all fails without naming one", () => {
    const provider: ProviderState = { kind: "unusable", code: "no_provider", message: "No email provider" };
    expect(decide(input({ chain: [provider] }))).toEqual({
      action: "fail",
      reason: "no_provider",
      lastError: "No email provider",
    });
  });

  it("a spent shared quota fails as quota_exceeded, saying what to configure", () => {
    expect(quotaSpent("sms", 2, { name: "twilio", integrationId: "ignored" })).toEqual({
      action: "fail",
      reason: "quota_exceeded",
      lastError:
        "Daily quota of 2 sms deliveries through the shared provider is spent (configure a sms integration)",
      provider: { name: "twilio", integrationId: null },
    });
  });
});

describe("decide: send", () => {
  const channelTargets: [ExternalChannel, string][] = [
    ["email", "pia@example.com"],
    ["sms", "+15550001111"],
    ["wechat", "openid-pia"],
  ];
  it.each(channelTargets)("%s goes to the recipient's address", (channel, to) => {
    expect(decide(input({ source: notification({}, { channel }) }))).toEqual({
      action: "send",
      targets: [{ to }],
      provider: { name: "resend", integrationId: "i1" },
      metered: false,
      providerAttempt: 1,
      canFailOver: false,
    });
  });

  it("push goes to every subscription, each as its JSON", () => {
    const subscriptions = [
      { id: "s1", endpoint: "https://push.example/1", p256dh: "k1", auth: "a1" },
      { id: "s2", endpoint: "https://push.example/2", p256dh: "k2", auth: "a2" },
    ];
    const decision = decide(input({ source: notification({}, { channel: "push" }), subscriptions }));
    expect(decision).toMatchObject({ action: "send" });
    expect(decision.action === "send" && decision.targets).toEqual([
      {
        to: JSON.stringify({ endpoint: "https://push.example/1", keys: { p256dh: "k1", auth: "a1" } }),
        subscriptionId: "s1",
      },
      {
        to: JSON.stringify({ endpoint: "https://push.example/2", keys: { p256dh: "k2", auth: "a2" } }),
        subscriptionId: "s2",
      },
    ]);
  });

  it("a shared provider meters the first attempt only", () => {
    const provider: ProviderState = { kind: "ready", name: "resend", integrationId: null, shared: true };
    expect(decide(input({ chain: [provider] }))).toMatchObject({ action: "send", metered: true });
    const retry = notification({}, { attempts: 2 });
    expect(decide(input({ chain: [provider], source: retry }))).toMatchObject({
      action: "send",
      metered: false,
    });
  });

  it("an announcement is sent like a notification", () => {
    expect(decide(input({ source: announcement() }))).toMatchObject({
      action: "send",
      targets: [{ to: "pia@example.com" }],
    });
  });
});

describe("after a send that reached no target", () => {
  const provider = { name: "resend", integrationId: "i1" };
  const half = () => 0.5; // no jitter
  /** The attempt that failed: its provider, which attempt on it, whether a later provider may take over. */
  const sent = (providerAttempt = 1, canFailOver = false) => ({ provider, providerAttempt, canFailOver });

  it("a retryable error is retried after the backoff, keeping the attempt", () => {
    const err = new ProviderError("resend: 503", true, "server_error");
    expect(afterFailedSend(sent(), err, now, half)).toEqual({
      action: "requeue",
      cause: "retry",
      at: later(retryDelayMs(1, half)),
      providerAttempts: 1,
      failure: { reason: "server_error", lastError: "resend: 503", provider },
    });
  });

  it("a Retry-After longer than the backoff is honoured", () => {
    const err = new ProviderError("resend: 429", true, "rate_limited", 90_000);
    expect(afterFailedSend(sent(), err, now, half)).toMatchObject({ at: later(90_000) });
  });

  it("an unexpected error may pass: retried with reason error", () => {
    expect(afterFailedSend(sent(), new Error("socket hang up"), now, half)).toMatchObject({
      action: "requeue",
      cause: "retry",
      failure: { reason: "error", lastError: "socket hang up" },
    });
  });

  it("a domain error fails the delivery unless waiting can help", () => {
    const missing = notFound("Template not found");
    expect(afterFailedSend(sent(), missing, now)).toEqual({
      action: "fail",
      reason: "not_found",
      lastError: "Template not found",
      provider,
    });
    expect(afterFailedSend(sent(), invalid("Invalid params"), now)).toMatchObject({
      action: "fail",
      reason: "invalid",
    });
    expect(afterFailedSend(sent(), rateLimited(), now, half)).toMatchObject({
      action: "requeue",
      cause: "retry",
      failure: { reason: "rate_limited" },
    });
  });

  it("a non-retryable error fails at once", () => {
    const err = new ProviderError("resend: invalid", false, "invalid_address");
    expect(afterFailedSend(sent(), err, now)).toEqual({
      action: "fail",
      reason: "invalid_address",
      lastError: "resend: invalid",
      provider,
    });
  });

  it("the last attempt fails whatever the error", () => {
    const err = new ProviderError("resend: 503", true, "server_error");
    expect(afterFailedSend(sent(LAST_PROVIDER_ATTEMPTS), err, now)).toMatchObject({
      action: "fail",
      reason: "server_error",
    });
  });

  it("a provider with nothing to fail over to keeps retrying past three attempts, to its larger budget", () => {
    const err = new ProviderError("resend: 503", true, "server_error");
    expect(LAST_PROVIDER_ATTEMPTS).toBeGreaterThan(MAX_ATTEMPTS);
    for (let n = MAX_ATTEMPTS; n < LAST_PROVIDER_ATTEMPTS; n++) {
      expect(afterFailedSend(sent(n), err, now, half)).toEqual({
        action: "requeue",
        cause: "retry",
        at: later(retryDelayMs(n, half)),
        providerAttempts: n,
        failure: { reason: "server_error", lastError: "resend: 503", provider },
      });
    }
    // A few minutes of retrying in all, not hours.
    const total = Array.from({ length: LAST_PROVIDER_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, half));
    expect(total.reduce((x, y) => x + y, 0)).toBe(254_000);
  });

  it("the backoff doubles and is capped", () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, half))).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20, half)).toBe(300_000);
  });
});

describe("a chain of providers", () => {
  const a: ProviderState = { kind: "ready", name: "resend", integrationId: "ia", shared: false };
  const b: ProviderState = { kind: "ready", name: "smtp", integrationId: "ib", shared: false };
  const on = (integrationId: string, attempts: number, name = "resend") =>
    notification({}, { route: { name, integrationId, attempts } });
  const pickOf = (over: Partial<DecideInput>) => {
    const d = decide(input(over));
    return d.action === "send" ? [d.provider.integrationId, d.providerAttempt, d.canFailOver] : d;
  };

  it("a new delivery goes to the head, which may fail over to the next", () => {
    expect(pickOf({ chain: [a, b] })).toEqual(["ia", 1, true]);
  });

  it("a retry stays on its provider while its budget lasts, then the next one starts afresh", () => {
    expect(pickOf({ chain: [a, b], source: on("ia", 1) })).toEqual(["ia", 2, true]);
    expect(pickOf({ chain: [a, b], source: on("ia", MAX_ATTEMPTS) })).toEqual(["ib", 1, false]);
    expect(pickOf({ chain: [a, b], source: on("ib", 1, "smtp") })).toEqual(["ib", 2, false]);
  });

  it("the chain's last provider is not passed over after three attempts: it has its larger budget", () => {
    expect(pickOf({ chain: [a, b], source: on("ib", MAX_ATTEMPTS, "smtp") })).toEqual([
      "ib",
      MAX_ATTEMPTS + 1,
      false,
    ]);
    expect(pickOf({ chain: [a], source: on("ia", LAST_PROVIDER_ATTEMPTS - 1) })).toEqual([
      "ia",
      LAST_PROVIDER_ATTEMPTS,
      false,
    ]);
    expect(pickOf({ chain: [a], source: on("ia", LAST_PROVIDER_ATTEMPTS) })).toMatchObject({
      action: "fail",
      reason: "providers_exhausted",
    });
    // Behind an unusable member it is the last usable one all the same.
    const broken: ProviderState = { kind: "unusable", code: "secrets_unreadable", message: "no" };
    expect(pickOf({ chain: [a, broken], source: on("ia", MAX_ATTEMPTS) })).toEqual([
      "ia",
      MAX_ATTEMPTS + 1,
      false,
    ]);
  });

  it("an open circuit is passed over; a half-open one gets its probe", () => {
    expect(pickOf({ chain: [{ ...a, circuit: "open" }, b] })).toEqual(["ib", 1, false]);
    expect(pickOf({ chain: [{ ...a, circuit: "half_open" }, b] })).toEqual(["ia", 1, true]);
  });

  it("when every provider left is open the first is still tried (its breaker makes it wait)", () => {
    const chain = [
      { ...a, circuit: "open" as const },
      { ...b, circuit: "open" as const },
    ];
    expect(pickOf({ chain })).toEqual(["ia", 1, true]);
  });

  it("an unusable member is passed over; a chain of unusable ones fails naming the first", () => {
    const broken: ProviderState = {
      kind: "unusable",
      code: "secrets_unreadable",
      message: "secrets do not decrypt",
      provider: { name: "resend", integrationId: "ia" },
    };
    expect(pickOf({ chain: [broken, b] })).toEqual(["ib", 1, false]);
    expect(pickOf({ chain: [broken] })).toMatchObject({ action: "fail", reason: "secrets_unreadable" });
  });

  it("a provider no longer in the chain (reordered, removed) restarts from the head", () => {
    expect(pickOf({ chain: [b, a], source: on("gone", 2) })).toEqual(["ib", 1, true]);
  });
});

describe("failing over", () => {
  const provider = { name: "resend", integrationId: "ia" };
  const half = () => 0.5;
  const attempt = (providerAttempt: number, canFailOver = true) => ({
    provider,
    providerAttempt,
    canFailOver,
  });

  it("a transient failure retries on the same provider first, then moves on at once", () => {
    const err = new ProviderError("resend: HTTP 500", true, "provider_unavailable");
    expect(afterFailedSend(attempt(1), err, now, half)).toMatchObject({
      cause: "retry",
      providerAttempts: 1,
    });
    expect(afterFailedSend(attempt(MAX_ATTEMPTS), err, now, half)).toEqual({
      action: "requeue",
      cause: "failover",
      at: now,
      providerAttempts: MAX_ATTEMPTS,
      failure: { reason: "provider_unavailable", lastError: "resend: HTTP 500", provider },
    });
  });

  it("a transient failure moves on at once when the provider's circuit is open", () => {
    const err = new ProviderError("resend: HTTP 500", true, "provider_unavailable");
    const open = { ...attempt(1), circuitOpen: true };
    expect(afterFailedSend(open, err, now, half)).toMatchObject({ cause: "failover", at: now });
    // The last provider of the chain waits for its circuit instead.
    expect(afterFailedSend({ ...open, canFailOver: false }, err, now, half)).toMatchObject({
      cause: "retry",
    });
  });

  it("a refusal by an open breaker spends no attempt: the last provider waits out the outage", () => {
    const refused = new ProviderError("resend: circuit open", true, "circuit_open", 30_000);
    for (const n of [1, MAX_ATTEMPTS, MAX_ATTEMPTS + 5]) {
      const next = afterFailedSend({ ...attempt(n, false), circuitOpen: true }, refused, now, half);
      expect(next).toMatchObject({ action: "requeue", cause: "retry", providerAttempts: n - 1 });
      // No sooner than the breaker's probe.
      expect((next as { at: Date }).at.getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);
    }
  });

  it("a refused API key moves on without retrying", () => {
    const err = new ProviderError("resend: HTTP 403", false, "unauthorized");
    expect(afterFailedSend(attempt(1), err, now)).toMatchObject({ action: "requeue", cause: "failover" });
    expect(afterFailedSend(attempt(1, false), err, now)).toMatchObject({
      action: "fail",
      reason: "unauthorized",
    });
  });

  it("a recipient's error does not fail over: the delivery fails", () => {
    for (const code of ["invalid_address", "rejected"]) {
      const err = new ProviderError(`resend: ${code}`, false, code);
      expect(afterFailedSend(attempt(1), err, now)).toMatchObject({ action: "fail", reason: code });
    }
  });

  it("a message that cannot be rendered fails wherever it would go", () => {
    expect(afterFailedSend(attempt(1), notFound("Template not found"), now)).toMatchObject({
      action: "fail",
      reason: "not_found",
    });
  });

  it("the chain's last provider past its budget fails the delivery", () => {
    const err = new ProviderError("smtp: 421", true, "deferred");
    expect(afterFailedSend(attempt(MAX_ATTEMPTS, false), err, now)).toMatchObject({ cause: "retry" });
    expect(afterFailedSend(attempt(LAST_PROVIDER_ATTEMPTS, false), err, now)).toMatchObject({
      action: "fail",
      reason: "deferred",
    });
  });
});

describe("a delivery's deadline (DELIVERY_MAX_AGE)", () => {
  const hour = 3_600_000;
  const maxAgeMs = 72 * hour;

  it("a delivery older than the deadline fails as expired instead of being tried", () => {
    const old = notification({}, { createdAt: later(-73 * hour), attempts: 2 });
    expect(decide(input({ source: old, maxAgeMs }))).toMatchObject({ action: "fail", reason: "expired" });
    const young = notification({}, { createdAt: later(-71 * hour) });
    expect(decide(input({ source: young, maxAgeMs }))).toMatchObject({ action: "send" });
  });

  it("a scheduled notification counts from its scheduled time", () => {
    const scheduled = notification(
      { scheduledAt: later(-hour), status: "processing" },
      { createdAt: later(-100 * hour) },
    );
    expect(decide(input({ source: scheduled, maxAgeMs }))).toMatchObject({ action: "send" });
  });

  it("a cancelled one stays cancelled", () => {
    const old = notification({ status: "recalled" }, { createdAt: later(-100 * hour) });
    expect(decide(input({ source: old, maxAgeMs }))).toEqual({ action: "cancel", reason: "recalled" });
  });
});

describe("decide: push to browsers and mobile devices", () => {
  const push = (delivery: Partial<Omit<NotificationSource, "notification">> = {}) =>
    notification({}, { channel: "push", ...delivery });
  const webpush: ProviderState = { kind: "ready", name: "webpush", integrationId: null, shared: false };
  const noWebPush: ProviderState = { kind: "unusable", code: "no_provider", message: "No push provider" };
  const fcm: ProviderState = { kind: "ready", name: "fcm", integrationId: "i-fcm", shared: false };
  const apns: ProviderState = { kind: "ready", name: "apns", integrationId: "i-apns", shared: false };
  const subscriptions = [{ id: "s1", endpoint: "https://push.example/1", p256dh: "k1", auth: "a1" }];
  const android = { id: "dev1", platform: "fcm" as const, token: "fcm:token", appId: null };
  const iphone = { id: "dev2", platform: "apns" as const, token: "ab".repeat(32), appId: "com.example.app" };

  it("one send reaches the browsers through the chain and each device through its platform's integration", () => {
    const decision = decide(
      input({
        source: push(),
        subscriptions,
        chain: [webpush],
        devices: [android, iphone],
        mobile: { fcm, apns },
      }),
    );
    expect(decision).toMatchObject({
      action: "send",
      provider: { name: "webpush", integrationId: null },
      targets: [{ subscriptionId: "s1" }],
      devices: [
        { target: { to: "fcm:token", deviceId: "dev1" }, provider: { name: "fcm", integrationId: "i-fcm" } },
        {
          target: { to: iphone.token, deviceId: "dev2", appId: "com.example.app" },
          provider: { name: "apns", integrationId: "i-apns" },
        },
      ],
    });
    expect(decision.action === "send" && decision.skipped).toBeUndefined();
  });

  it("devices need no Web Push provider: a tenant with only fcm still sends (not no_provider)", () => {
    const decision = decide(
      input({ source: push(), chain: [noWebPush], devices: [android], mobile: { fcm } }),
    );
    expect(decision).toMatchObject({
      action: "send",
      targets: [],
      provider: { name: "fcm", integrationId: "i-fcm" },
      providerAttempt: 1,
      canFailOver: false,
      metered: false,
    });
  });

  it("browsers the chain cannot reach are left out, saying why, while the devices are sent to", () => {
    const decision = decide(
      input({ source: push(), subscriptions, chain: [noWebPush], devices: [android], mobile: { fcm } }),
    );
    expect(decision).toMatchObject({
      action: "send",
      targets: [],
      skipped: [{ reason: "no_provider", count: 1 }],
    });
  });

  it("a device whose platform has no integration is skipped with the reason; with nothing else to send the delivery is", () => {
    const some = decide(
      input({ source: push(), subscriptions, chain: [webpush], devices: [iphone], mobile: {} }),
    );
    expect(some).toMatchObject({
      action: "send",
      skipped: [{ provider: { name: "apns", integrationId: null }, reason: "no_integration", count: 1 }],
    });
    expect(decide(input({ source: push(), chain: [webpush], devices: [iphone], mobile: { fcm } }))).toEqual({
      action: "skip",
      reason: "no_push_integration",
    });
    expect(decide(input({ source: push(), chain: [webpush] }))).toEqual({
      action: "skip",
      reason: "no_address",
    });
  });

  it("an integration that cannot send fails a delivery that has nothing else to reach", () => {
    const broken: ProviderState = {
      kind: "unusable",
      code: "secrets_unreadable",
      message: "cannot decrypt",
      provider: { name: "apns", integrationId: "i-apns" },
    };
    expect(
      decide(input({ source: push(), chain: [webpush], devices: [iphone], mobile: { apns: broken } })),
    ).toEqual({
      action: "fail",
      reason: "secrets_unreadable",
      lastError: "cannot decrypt",
      provider: { name: "apns", integrationId: "i-apns" },
    });
  });

  it("a retry on the device's integration counts its attempts there", () => {
    const retry = push({ attempts: 2, route: { name: "fcm", integrationId: "i-fcm", attempts: 1 } });
    expect(
      decide(input({ source: retry, chain: [noWebPush], devices: [android], mobile: { fcm } })),
    ).toMatchObject({
      action: "send",
      providerAttempt: 2,
    });
  });
});
