// The chat channel end to end: destinations set through the users API and named chat targets
// through /api/v1/chat-targets, sends through the API, and each app's local stub checking the real
// request format and signature and answering as the app does, errors included.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliveries, devOutbox, notifications, users } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { resetEnv } from "@/lib/env";
import { createChatProvider } from "@/lib/providers/chat";
import { api, bearer } from "../../helpers/api";
import {
  drainSteps,
  openWorkflowTestbed,
  triggerWorkflowApi,
  type WorkflowTestbed,
} from "../../helpers/workflows";
import { startChatStubs } from "../../stubs/chat-stubs";
import { messageFor, sendError } from "../../stubs/messages";

const KEY = "hk_chat_channel_test_super_key_0123456789";
const H = bearer(KEY);
const ENV_KEYS = [
  "SLACK_API_BASE_URL",
  "SLACK_WEBHOOK_BASE_URL",
  "TEAMS_WEBHOOK_BASE_URL",
  "DINGTALK_API_BASE_URL",
  "WECOM_API_BASE_URL",
  "FEISHU_API_BASE_URL",
  "OUTBOUND_PRIVATE_HOSTS_ALLOWED",
];

describe("the chat channel (Slack, Teams, DingTalk, WeCom, Feishu stubs)", () => {
  let stubs: Awaited<ReturnType<typeof startChatStubs>>;
  let bed: WorkflowTestbed;
  const db = () => bed.t.database.db;
  // Every destination of this file, by app: webhook URLs are credentials and must never come back.
  let hooks: Record<"slack" | "teams" | "dingtalk" | "wecom" | "feishu", string>;

  beforeAll(async () => {
    stubs = await startChatStubs();
    for (const k of ENV_KEYS.slice(1, 6)) process.env[k] = stubs.url;
    process.env.SLACK_API_BASE_URL = `${stubs.url}/api`;
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    resetEnv();
    bed = await openWorkflowTestbed(KEY, new Date());
    stubs.slack.state.hooks.add("/services/T0001/B0001/hooksecret1");
    stubs.teams.state.hooks.add("/webhookb2/team@tenant/IncomingWebhook/abc/def");
    stubs.dingtalk.state.robots.set("dt-token-1", "SECdingtalk-secret-1");
    stubs.wecom.state.keys.add("wk-key-1");
    stubs.feishu.state.bots.set("fs-hook-1", "feishu-secret-1");
    hooks = {
      slack: `${stubs.url}/services/T0001/B0001/hooksecret1`,
      teams: `${stubs.url}/webhookb2/team@tenant/IncomingWebhook/abc/def`,
      dingtalk: `${stubs.url}/robot/send?access_token=dt-token-1`,
      wecom: `${stubs.url}/cgi-bin/webhook/send?key=wk-key-1`,
      feishu: `${stubs.url}/open-apis/bot/v2/hook/fs-hook-1`,
    };
  });
  afterAll(async () => {
    await bed.close();
    await Promise.all([stubs.close(), closeProviders()]);
    for (const k of ENV_KEYS) delete process.env[k];
    resetEnv();
  });
  beforeEach(() => {
    stubs.received.length = 0;
  });

  const putUser = (id: string, body: unknown) => api("PUT", `/api/v1/users/${id}`, { headers: H, body });
  const send = (body: Record<string, unknown>) =>
    api("POST", "/api/v1/notifications", {
      headers: H,
      body: { title: "Deploy finished", content: "herald-web **1.4.2** is live", type: "info", ...body },
    });
  /** Sends, runs the chat delivery through the pipeline once, and answers its row. */
  const deliverChat = async (body: Record<string, unknown>) => {
    const res = await send({ channels: ["chat"], ...body });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const notificationId = res.json.data.notifications[0].id;
    const [d] = await db().select().from(deliveries).where(eq(deliveries.notificationId, notificationId));
    const status = await processDelivery(db(), d!.id);
    const [row] = await db().select().from(deliveries).where(eq(deliveries.id, d!.id));
    return { status, row: row! };
  };
  const fieldsOf = (res: { json: { errors?: { field: string }[] } }) => res.json.errors?.map((e) => e.field);

  it("a user's destinations in every app get the message in the app's own format, signed where the bot has a secret", async () => {
    const saved = await putUser("ann", {
      chat: {
        slack: { webhook_url: hooks.slack },
        teams: { webhook_url: hooks.teams },
        dingtalk: { webhook_url: hooks.dingtalk, secret: "SECdingtalk-secret-1" },
        wecom: { webhook_url: hooks.wecom },
        feishu: { webhook_url: hooks.feishu, secret: "feishu-secret-1" },
      },
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    // Names only: no URL, no secret, in the answer or in the row.
    expect(saved.json.data.chat).toEqual(["slack", "teams", "dingtalk", "wecom", "feishu"]);
    const [row] = await db().select().from(users).where(eq(users.externalId, "ann"));
    for (const secret of [...Object.values(hooks), "SECdingtalk-secret-1", "feishu-secret-1"]) {
      expect(JSON.stringify(saved.json)).not.toContain(secret);
      expect(JSON.stringify(row)).not.toContain(secret);
    }

    const { status, row: d } = await deliverChat({
      user_ids: ["ann"],
      metadata: { action_url: "https://app.example/deploys/42" },
    });

    expect(status).toBe("sent");
    expect(d).toMatchObject({ provider: "chat", destination: "slack, teams, dingtalk, wecom, feishu" });
    // Each app took it: the stubs refuse a wrong format, signature or key.
    for (const app of ["slack", "teams", "dingtalk", "wecom", "feishu"] as const)
      expect(stubs.of(app), app).toHaveLength(1);
    const [slack] = stubs.of("slack");
    expect(slack!.body.text).toBe("Deploy finished\nherald-web **1.4.2** is live");
    expect(slack!.body.blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "Deploy finished" } },
      { type: "section", text: { type: "mrkdwn", text: "herald-web **1.4.2** is live" } },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Open" },
            url: "https://app.example/deploys/42",
          },
        ],
      },
    ]);
    const card = (stubs.of("teams")[0]!.body.attachments as { content: Record<string, unknown> }[])[0]!
      .content;
    expect(card).toMatchObject({
      type: "AdaptiveCard",
      version: "1.4",
      body: [
        { type: "TextBlock", text: "Deploy finished", weight: "Bolder" },
        { type: "TextBlock", text: "herald-web **1.4.2** is live" },
      ],
      actions: [{ type: "Action.OpenUrl", url: "https://app.example/deploys/42" }],
    });
    const [ding] = stubs.of("dingtalk");
    // The stub checked the sign; it is in the query with the millisecond timestamp.
    expect(ding!.query).toMatchObject({
      access_token: "dt-token-1",
      timestamp: expect.stringMatching(/^\d{13}$/),
    });
    expect(ding!.body).toEqual({
      msgtype: "markdown",
      markdown: {
        title: "Deploy finished",
        text: "#### Deploy finished\n\nherald-web **1.4.2** is live\n\n[Open](https://app.example/deploys/42)",
      },
    });
    expect(stubs.of("wecom")[0]!.body).toEqual({
      msgtype: "markdown",
      markdown: {
        content: "**Deploy finished**\nherald-web **1.4.2** is live\n[Open](https://app.example/deploys/42)",
      },
    });
    const [feishu] = stubs.of("feishu");
    expect(feishu!.body).toMatchObject({
      timestamp: expect.stringMatching(/^\d{10}$/),
      sign: expect.any(String),
      msg_type: "interactive",
      card: { header: { title: { tag: "plain_text", content: "Deploy finished" } } },
    });
  });

  it("refuses a webhook URL that is not the app's, naming the field, and keeps what was stored", async () => {
    const refusals: [string, Record<string, unknown>][] = [
      [
        "chat.dingtalk.webhook_url",
        { dingtalk: { webhook_url: "https://evil.example/robot/send?access_token=x" } },
      ],
      [
        "chat.slack.webhook_url",
        { slack: { webhook_url: "https://hooks.slack.com.evil.example/services/T/B/x" } },
      ],
      ["chat.wecom.webhook_url", { wecom: { webhook_url: `${stubs.url}/cgi-bin/webhook/send` } }],
      ["chat.teams.webhook_url", { teams: { webhook_url: "http://team.webhook.office.com/webhookb2/x" } }],
      ["chat.feishu.webhook_url", { feishu: { webhook_url: "https://open.feishu.cn/other/path" } }],
    ];
    for (const [field, chat] of refusals) {
      const res = await putUser("ann", { chat, name: "Ann" });
      expect(res.status, field).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
    const after = await api("GET", "/api/v1/users/ann", { headers: H });
    expect(after.json.data).toMatchObject({
      name: null,
      chat: ["slack", "teams", "dingtalk", "wecom", "feishu"],
    });
    // The apps' real hosts pass.
    const real = await putUser("real-hosts", {
      chat: {
        slack: { webhook_url: "https://hooks.slack.com/services/T0/B0/x" },
        teams: { webhook_url: "https://contoso.webhook.office.com/webhookb2/a/IncomingWebhook/b/c" },
        feishu: { webhook_url: "https://open.larksuite.com/open-apis/bot/v2/hook/abc" },
      },
    });
    expect(real.status, JSON.stringify(real.json)).toBe(200);
    const target = await api("POST", "/api/v1/chat-targets", {
      headers: H,
      body: {
        key: "bad-room",
        name: "Bad",
        provider: "teams",
        webhook_url: "https://example.com/webhookb2/x",
      },
    });
    expect(target.status).toBe(400);
    expect(fieldsOf(target)).toEqual(["webhook_url"]);
    const wrongField = await api("POST", "/api/v1/chat-targets", {
      headers: H,
      body: { key: "bad-room", name: "Bad", provider: "teams", channel: "C0OPSROOM1" },
    });
    expect(fieldsOf(wrongField)).toEqual(["webhook_url", "channel"]);
    expect(wrongField.json.errors[1].message).toBe("is not used by teams");
  });

  it("a tenant's chat target: a webhook needs no integration; a Slack channel id goes through the tenant's bot", async () => {
    const ding = await api("POST", "/api/v1/chat-targets", {
      headers: H,
      body: {
        key: "dt-room",
        name: "DingTalk ops",
        provider: "dingtalk",
        webhook_url: hooks.dingtalk,
        secret: "SECdingtalk-secret-1",
      },
    });
    expect(ding.status, JSON.stringify(ding.json)).toBe(201);
    expect(ding.json.data).toMatchObject({
      key: "dt-room",
      provider: "dingtalk",
      channel: null,
      secrets_set: ["secret", "webhook_url"],
    });
    expect(JSON.stringify(ding.json)).not.toContain("dt-token-1");
    const ops = await api("POST", "/api/v1/chat-targets", {
      headers: H,
      body: { key: "ops-room", name: "#ops", provider: "slack", channel: "C0OPSROOM1" },
    });
    expect(ops.status, JSON.stringify(ops.json)).toBe(201);
    const dup = await api("POST", "/api/v1/chat-targets", {
      headers: H,
      body: { key: "ops-room", name: "x", provider: "slack", channel: "C0OPSROOM1" },
    });
    expect(dup.status).toBe(409);

    // No Slack bot yet: outside production the dev outbox stands in for the channel id.
    const viaOutbox = await deliverChat({ user_ids: ["bob"], chat_targets: ["ops-room"] });
    expect(viaOutbox.status).toBe("sent");
    expect(stubs.of("slack")).toHaveLength(0);
    const [outboxRow] = await db().select().from(devOutbox).where(eq(devOutbox.deliveryId, viaOutbox.row.id));
    expect(outboxRow).toMatchObject({ channel: "chat", subject: "Deploy finished" });

    const bot = await api("POST", "/api/v1/integrations", {
      headers: H,
      body: {
        channel: "chat",
        provider: "slack_bot",
        name: "Herald bot",
        is_default: true,
        secrets: { bot_token: stubs.slack.state.botToken },
      },
    });
    expect(bot.status, JSON.stringify(bot.json)).toBe(201);

    const { status, row } = await deliverChat({ user_ids: ["bob"], chat_targets: ["ops-room", "dt-room"] });

    expect(status).toBe("sent");
    expect(row).toMatchObject({
      provider: "slack_bot",
      integrationId: bot.json.data.id,
      destination: "target:ops-room, target:dt-room",
      providerMessageId: expect.stringMatching(/^\d+\.000100$/),
      // The target delivery is the recipient's, like every delivery of the send.
      chatTargets: ["ops-room", "dt-room"],
    });
    const [post] = stubs.of("slack");
    expect(post).toMatchObject({
      path: "/api/chat.postMessage",
      body: { channel: "C0OPSROOM1", text: "Deploy finished\nherald-web **1.4.2** is live" },
    });
    expect(post!.headers.authorization).toBe(`Bearer ${stubs.slack.state.botToken}`);
    expect(stubs.of("dingtalk")).toHaveLength(1);

    const list = await api("GET", "/api/v1/chat-targets", { headers: H });
    expect(list.json.data.chat_targets.map((t: { key: string }) => t.key)).toEqual(["dt-room", "ops-room"]);
  });

  it("an unknown chat target is a 400 naming it, and nothing is written", async () => {
    const before = (await db().select().from(notifications)).length;
    const res = await send({
      user_ids: ["carl"],
      channels: ["app", "chat"],
      chat_targets: ["dt-room", "nowhere"],
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["chat_targets.1"]);
    const noChat = await send({ user_ids: ["carl"], channels: ["app"], chat_targets: ["dt-room"] });
    expect(fieldsOf(noChat)).toEqual(["chat_targets"]);
    expect((await db().select().from(notifications)).length).toBe(before);
    expect(await db().select().from(users).where(eq(users.externalId, "carl"))).toHaveLength(0);
  });

  it("a rate limit is retried later; an invalid key or a bad signature fails at once", async () => {
    stubs.dingtalk.state.errcodes.push(130101);
    const limited = await deliverChat({ user_ids: ["bob"], chat_targets: ["dt-room"] });
    expect(limited.status).toBe("queued");
    expect(limited.row).toMatchObject({ reason: "rate_limited", attempts: 1 });

    await putUser("dora", {
      chat: { wecom: { webhook_url: `${stubs.url}/cgi-bin/webhook/send?key=revoked` } },
    });
    const badKey = await deliverChat({ user_ids: ["dora"] });
    expect(badKey.status).toBe("failed");
    expect(badKey.row).toMatchObject({
      reason: "invalid_address",
      lastError: expect.stringContaining("93000"),
    });

    await putUser("dora", {
      chat: { wecom: null, feishu: { webhook_url: hooks.feishu, secret: "not-the-secret" } },
    });
    const badSign = await deliverChat({ user_ids: ["dora"] });
    expect(badSign.status).toBe("failed");
    expect(badSign.row).toMatchObject({
      reason: "signature_invalid",
      lastError: expect.stringContaining("19021"),
    });
  });

  it("a template's chat block is what the chat apps get", async () => {
    const tpl = await api("POST", "/api/v1/notifications/templates", {
      headers: H,
      body: {
        code: "deploy.done",
        name: "Deploy done",
        channels: ["app", "chat"],
        blocks: {
          en: {
            app: { title: "Deployed {{ version }}", content: "In-app text" },
            chat: {
              title: "Release {{ version }}",
              text: "_{{ version }}_ is out",
              url: "https://app.example/r/{{ version }}",
            },
          },
        },
      },
    });
    expect(tpl.status, JSON.stringify(tpl.json)).toBe(201);
    await putUser("gus", { chat: { wecom: { webhook_url: hooks.wecom } } });
    const res = await api("POST", "/api/v1/notifications", {
      headers: H,
      body: { user_ids: ["gus"], template_code: "deploy.done", params: { version: "2.0" } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [d] = await db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.notificationId, res.json.data.notifications[0].id));
    expect(d!.channel).toBe("chat");
    expect(await processDelivery(db(), d!.id)).toBe("sent");
    expect(stubs.of("wecom")[0]!.body).toEqual({
      msgtype: "markdown",
      markdown: { content: "**Release 2.0**\n_2.0_ is out\n[Open](https://app.example/r/2.0)" },
    });
  });

  it("a user who turned chat off gets nothing on it; a user with no destination is skipped", async () => {
    const prefs = await api("PUT", "/api/v1/users/ann/preferences", {
      headers: H,
      body: { disabled_channels: ["chat"] },
    });
    expect(prefs.status, JSON.stringify(prefs.json)).toBe(200);
    const off = await deliverChat({ user_ids: ["ann"] });
    expect(off.status).toBe("skipped");
    expect(off.row.reason).toBe("channel_disabled");
    expect(stubs.received).toHaveLength(0);
    await api("PUT", "/api/v1/users/ann/preferences", { headers: H, body: { disabled_channels: [] } });

    const nowhere = await deliverChat({ user_ids: ["eve"] });
    expect(nowhere.status).toBe("skipped");
    expect(nowhere.row.reason).toBe("no_address");
  });

  it("a workflow chat step posts to its chat targets (an unknown one refused on save)", async () => {
    const step = {
      id: "chat",
      type: "chat",
      title: "Deploy {{ payload.version }}",
      text: "Shipped by {{ payload.who }}",
      chat_targets: ["dt-room"],
    };
    const bad = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: { key: "deploy.bad", name: "Deploy", steps: [{ ...step, chat_targets: ["dt-room", "gone"] }] },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(["steps.0.chat_targets.1"]);
    const created = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: { key: "deploy.chat", name: "Deploy", steps: [step] },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);

    const res = await triggerWorkflowApi(
      "deploy.chat",
      { to: ["fay"], payload: { version: "1.4.2", who: "fay" } },
      H,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    await drainSteps(db(), bed.boss);
    const [d] = await db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.channel, "chat"))
      .orderBy(deliveries.createdAt)
      .then((rows) => rows.filter((r) => r.workflowRunId));
    expect(await processDelivery(db(), d!.id)).toBe("sent");
    expect(stubs.of("dingtalk")[0]!.body).toMatchObject({
      markdown: { title: "Deploy 1.4.2", text: "#### Deploy 1.4.2\n\nShipped by fay" },
    });
  });
});

describe("chat providers' answers (stubs, one send each)", () => {
  let stubs: Awaited<ReturnType<typeof startChatStubs>>;
  beforeAll(async () => {
    stubs = await startChatStubs();
    stubs.slack.state.hooks.add("/services/T1/B1/s");
    stubs.teams.state.hooks.add("/webhookb2/x");
    stubs.wecom.state.keys.add("k");
    stubs.feishu.state.bots.set("f", null);
  });
  afterAll(() => stubs.close());
  const provider = () =>
    createChatProvider({
      slackBotToken: stubs.slack.state.botToken,
      slackApiBaseUrl: `${stubs.url}/api`,
      fetch,
      checkWebhook: () => null,
    });
  const to = (d: Record<string, string>) => JSON.stringify(d);
  const fail = (d: Record<string, string>) => sendError(provider().send(messageFor("chat", { to: to(d) })));

  it("Slack: webhook 429 honours Retry-After, 404 no_service and bot errors are permanent, ratelimited retries", async () => {
    stubs.slack.state.hookFailures.push({
      status: 429,
      body: "rate_limited",
      headers: { "retry-after": "30" },
    });
    expect(await fail({ provider: "slack", webhook_url: `${stubs.url}/services/T1/B1/s` })).toMatchObject({
      retryable: true,
      code: "rate_limited",
      retryAfterMs: 30_000,
    });
    expect(await fail({ provider: "slack", webhook_url: `${stubs.url}/services/T1/B1/gone` })).toMatchObject({
      retryable: false,
      code: "invalid_address",
    });
    expect(await fail({ provider: "slack", channel: "C0NOSUCHCH" })).toMatchObject({
      retryable: false,
      code: "invalid_address",
    });
    stubs.slack.state.apiFailures.push({
      status: 429,
      error: "ratelimited",
      headers: { "retry-after": "3" },
    });
    expect(await fail({ provider: "slack", channel: "C0OPSROOM1" })).toMatchObject({
      retryable: true,
      code: "rate_limited",
      retryAfterMs: 3000,
    });
    const wrongToken = createChatProvider({
      slackBotToken: "xoxb-wrong",
      slackApiBaseUrl: `${stubs.url}/api`,
      fetch,
    });
    expect(
      await sendError(
        wrongToken.send(messageFor("chat", { to: to({ provider: "slack", channel: "C0OPSROOM1" }) })),
      ),
    ).toMatchObject({
      retryable: false,
      code: "unauthorized",
    });
  });

  it("Teams: a throttled connector (429 in a 200 answer) retries; an unknown webhook is permanent", async () => {
    stubs.teams.state.failures.push({
      status: 200,
      body: "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0",
    });
    expect(await fail({ provider: "teams", webhook_url: `${stubs.url}/webhookb2/x` })).toMatchObject({
      retryable: true,
      code: "rate_limited",
    });
    expect(await fail({ provider: "teams", webhook_url: `${stubs.url}/webhookb2/none` })).toMatchObject({
      retryable: false,
      code: "rejected",
    });
  });

  it("WeCom 45009 and Feishu 11232 are rate limits (retryable); a host outside the rules is refused before any request", async () => {
    stubs.wecom.state.errcodes.push(45009);
    expect(
      await fail({ provider: "wecom", webhook_url: `${stubs.url}/cgi-bin/webhook/send?key=k` }),
    ).toMatchObject({ retryable: true, code: "rate_limited" });
    stubs.feishu.state.failures.push({ status: 200, code: 11232, msg: "frequency limited" });
    expect(
      await fail({ provider: "feishu", webhook_url: `${stubs.url}/open-apis/bot/v2/hook/f` }),
    ).toMatchObject({ retryable: true, code: "rate_limited" });
    const strict = createChatProvider({ fetch });
    const before = stubs.received.length;
    expect(
      await sendError(
        strict.send(
          messageFor("chat", {
            to: to({ provider: "wecom", webhook_url: `${stubs.url}/cgi-bin/webhook/send?key=k` }),
          }),
        ),
      ),
    ).toMatchObject({
      retryable: false,
      code: "host_not_allowed",
    });
    expect(stubs.received.length).toBe(before);
  });
});
