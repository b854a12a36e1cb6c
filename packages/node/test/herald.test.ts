// @herald/node against a live Herald: what a backend does with it, and the retries it promises.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type LiveHerald } from "../../herald-server.ts";
import { Herald, HeraldError } from "../src/index.ts";

describe("@herald/node against a live server", () => {
  let live: LiveHerald;
  let herald: Herald;
  beforeAll(async () => {
    live = await startHerald();
    herald = new Herald({ apiKey: live.apiKey, baseUrl: live.url });
  });
  afterAll(async () => {
    await live?.stop();
  });

  it("upserts a user, sends them a notification and finds it in the list and by id", async () => {
    const user = await herald.users.upsert("sdk-ann", { name: "Ann", email: "ann@example.com" });
    expect(user).toMatchObject({ user_id: "sdk-ann", name: "Ann" });
    expect(await herald.users.get("sdk-ann")).toMatchObject({ email: "ann@example.com" });

    const sent = await herald.notifications.send({
      user_ids: ["sdk-ann"],
      title: "Build finished",
      content: "main is green",
      type: "info",
    });
    expect(sent.count).toBe(1);
    const id = sent.notifications![0]!.id;

    const page = await herald.notifications.list({ page_size: 10 }, { userId: "sdk-ann" });
    expect(page.notifications.map((n) => n.id)).toContain(id);
    const one = await herald.notifications.get(id);
    expect(one.notification).toMatchObject({ id, title: "Build finished", user_id: "sdk-ann" });
  });

  it("replays a send given the same idempotency key instead of sending twice", async () => {
    const body = { user_ids: ["sdk-ann"], title: "Once", content: "only once", type: "info" as const };
    const first = await herald.notifications.send(body, { idempotencyKey: "sdk-once-1" });
    const again = await herald.notifications.send(body, { idempotencyKey: "sdk-once-1" });
    expect(again.notifications?.[0]!.id).toBe(first.notifications?.[0]!.id);
    const page = await herald.notifications.list({ page_size: 50 }, { userId: "sdk-ann" });
    expect(page.notifications.filter((n) => n.title === "Once")).toHaveLength(1);
  });

  it("mints a subscriber token the user's browser can list its inbox with", async () => {
    const { token, expires_at } = await herald.subscriberTokens.mint("sdk-ann", { ttl_seconds: 600 });
    expect(Date.parse(expires_at)).toBeGreaterThan(0);
    const res = await fetch(`${live.url}/api/v1/notifications/unread/count`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.unread_count).toBeGreaterThanOrEqual(2);
  });

  it("lists the delivery log of an email notification", async () => {
    const sent = await herald.notifications.send({
      user_ids: ["sdk-ann"],
      title: "Logged",
      content: "x",
      type: "info",
      channels: ["email"],
    });
    const id = sent.notifications![0]!.id;
    // The worker writes the delivery row moments after the send answers.
    let deliveries: Awaited<ReturnType<typeof herald.deliveries.list>>["deliveries"] = [];
    for (let i = 0; i < 100 && deliveries.length === 0; i++) {
      deliveries = (await herald.deliveries.list({ notification_id: id })).deliveries;
      if (deliveries.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(deliveries[0]).toMatchObject({ notification_id: id, channel: "email" });
  });

  it("throws a HeraldError naming the invalid field on a 400, and does not retry it", async () => {
    const err = await herald.notifications
      .send({ user_ids: [], title: "Nobody", content: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeraldError);
    const e = err as HeraldError;
    expect(e.status).toBe(400);
    expect(e.code).toBe("invalid");
    expect(e.errors.map((f) => f.field)).toContain("user_ids");
    expect(e.fieldError("user_ids")).toBeTruthy();
    expect(e.requestId).toBeTruthy();
  });

  it("a bad API key is a 401 HeraldError", async () => {
    const stranger = new Herald({ apiKey: "hk_wrong_key_0123456789abcdefghijkl", baseUrl: live.url });
    await expect(stranger.notifications.list()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
  });
});

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** A stand-in for Herald that answers from a script, recording what it was sent. */
async function scripted(answers: Array<{ status: number; headers?: Record<string, string> } | "hang-up">) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      if (answer === "hang-up") return void req.socket.destroy();
      const ok = answer.status < 300;
      const payload = ok
        ? { code: 200, message: "Notifications sent successfully", data: { count: 1, notifications: [] } }
        : { code: answer.status, message: "Too many requests", error_code: "rate_limited" };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("@herald/node retries", () => {
  const body = { user_ids: ["u1"], title: "Hi", content: "there" };

  it("waits as long as Retry-After asks after a 429, then sends again with the same idempotency key", async () => {
    const stub = await scripted([{ status: 429, headers: { "Retry-After": "2" } }, { status: 200 }]);
    const waits: number[] = [];
    const herald = new Herald({
      apiKey: "hk_test",
      baseUrl: stub.url,
      retry: { sleep: async (ms) => void waits.push(ms) },
    });
    try {
      const result = await herald.notifications.send(body);
      expect(result.count).toBe(1);
      expect(waits).toEqual([2000]);
      expect(stub.seen).toHaveLength(2);
      const [first, second] = stub.seen;
      expect(first!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"]);
      expect(second!.body).toBe(first!.body);
      expect(JSON.parse(second!.body)).toEqual(body);
    } finally {
      await stub.close();
    }
  });

  it("backs off exponentially with jitter after 5xx and dropped connections, keeping the caller's key", async () => {
    const stub = await scripted([{ status: 503 }, "hang-up", { status: 502 }, { status: 200 }]);
    const waits: number[] = [];
    const herald = new Herald({
      apiKey: "hk_test",
      baseUrl: stub.url,
      retry: { baseDelayMs: 100, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    });
    try {
      await herald.notifications.send(body, { idempotencyKey: "mine-1" });
      expect(waits).toEqual([50, 100, 200]);
      expect(stub.seen.map((s) => s.headers["idempotency-key"])).toEqual([
        "mine-1",
        "mine-1",
        "mine-1",
        "mine-1",
      ]);
    } finally {
      await stub.close();
    }
  });

  it("gives up after the bounded attempts with the last answer as a HeraldError", async () => {
    const stub = await scripted([{ status: 429, headers: { "Retry-After": "1" } }]);
    const herald = new Herald({
      apiKey: "hk_test",
      baseUrl: stub.url,
      retry: { maxRetries: 2, sleep: async () => {} },
    });
    try {
      await expect(herald.notifications.send(body)).rejects.toMatchObject({
        status: 429,
        code: "rate_limited",
      });
      expect(stub.seen).toHaveLength(3);
    } finally {
      await stub.close();
    }
  });

  it("does not retry a GET's 404 and names a server that never answers a network error", async () => {
    const stub = await scripted([{ status: 404 }]);
    const herald = new Herald({ apiKey: "hk_test", baseUrl: stub.url, retry: { sleep: async () => {} } });
    try {
      await expect(herald.notifications.get("n1")).rejects.toMatchObject({ status: 404 });
      expect(stub.seen).toHaveLength(1);
      expect(stub.seen[0]!.headers["idempotency-key"]).toBeUndefined();
    } finally {
      await stub.close();
    }
    const gone = new Herald({
      apiKey: "hk_test",
      baseUrl: stub.url,
      retry: { maxRetries: 1, sleep: async () => {} },
    });
    await expect(gone.notifications.list()).rejects.toMatchObject({ status: 0, code: "network_error" });
  });
});
