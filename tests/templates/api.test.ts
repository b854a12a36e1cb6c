import { and, count, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { notifications, templates, templateVersions, tenants, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_templates_test_super_key_0123456789ab";
const H = bearer(KEY);
const base = "/api/v1/notifications/templates";
const create = (body: unknown, headers = H) => api("POST", base, { headers, body });
const get = (id: string, headers = H) => api("GET", `${base}/${id}`, { headers });
const put = (id: string, body: unknown, headers = H) => api("PUT", `${base}/${id}`, { headers, body });
const del = (id: string, headers = H) => api("DELETE", `${base}/${id}`, { headers });
const list = (qs = "", headers = H) => api("GET", `${base}${qs}`, { headers });
const preview = (id: string, body: unknown, headers = H) =>
  api("POST", `${base}/${id}/preview`, { headers, body });
const versions = (id: string) => api("GET", `${base}/${id}/versions`, { headers: H });
const version = (id: string, v: number) =>
  api("GET", `${base}/${id}/versions/${v}`, {
    headers: H,
  });
const restore = (id: string, v: number) =>
  api("POST", `${base}/${id}/versions/${v}/restore`, {
    headers: H,
  });
const send = (body: unknown, headers = H) => api("POST", "/api/v1/notifications", { headers, body });
const inbox = (user: string) => api("GET", "/api/v1/notifications", { headers: { ...H, "X-User-Id": user } });

describe("templates API", () => {
  let t: TestDatabase;
  let keyB: string;
  let boss: PgBoss;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    // Email deliveries are queued (no workers: nothing is sent).
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    const b = await api("POST", "/api/v1/tenants", {
      headers: H,
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  const rows = async (table: typeof templates | typeof templateVersions) =>
    (await t.database.db.select({ n: count() }).from(table))[0]!.n;

  describe("creating", () => {
    it("accepts the seed's flat fields and extracts {param} and {{ liquid }} variables", async () => {
      const res = await create({
        code: "seed_style",
        name: "Seed style",
        description: "Created like seed 000 §2.1.3",
        title: "Hello {name}",
        content: "Your code is {{ code }}.",
        type: "system",
        channels: ["app", "email"],
        variables: ["name", "code"],
        is_active: true,
      });
      expect(res.status).toBe(201);
      expect(res.json.message).toBe("Template created");
      expect(res.json.data).toMatchObject({
        code: "seed_style",
        name: "Seed style",
        title: "Hello {name}",
        content: "Your code is {{ code }}.",
        type: "system",
        channels: ["app", "email"],
        is_active: true,
        default_locale: "en",
        locales: ["en"],
        version: 1,
        variables: [
          { name: "code", required: true },
          { name: "name", required: true },
        ],
      });
    });

    it("extracts variables from every block of every locale, and keeps the author's annotations", async () => {
      const res = await create({
        code: "order.shipped",
        name: "Order shipped",
        blocks: {
          en: {
            app: { title: "Order {{ order.id }} shipped", content: "Hi {{ user.name }}" },
            email: { subject: "Shipped: {{ order.id }}", html: "<p>{{ carrier }}</p>" },
            sms: { text: "{{ tracking_url }}" },
            push: { title: "Shipped", body: "{% if eta %}ETA {{ eta }}{% endif %}", url: "{{ link }}" },
            wechat: { template_id: "wx_tpl", data: { first: "{{ greeting }}" }, url: "{{ wx_url }}" },
          },
          "zh-CN": {
            app: { title: "订单 {{ order.id }} 已发货", content: "{% for i in items %}{{ i }}{% endfor %}" },
          },
        },
        variables: [
          { name: "eta", required: false, example: "Friday" },
          { name: "carrier", default: "DHL" },
        ],
      });
      expect(res.status).toBe(201);
      const vars = res.json.data.variables;
      expect(vars.map((v: { name: string }) => v.name)).toEqual([
        "carrier",
        "eta",
        "greeting",
        "items",
        "link",
        "order",
        "tracking_url",
        "wx_url",
      ]);
      expect(vars.find((v: { name: string }) => v.name === "eta")).toEqual({
        name: "eta",
        required: false,
        example: "Friday",
      });
      expect(vars.find((v: { name: string }) => v.name === "carrier")).toEqual({
        name: "carrier",
        required: false,
        default: "DHL",
      });
      expect(res.json.data.locales).toEqual(["en", "zh-CN"]);
    });

    it("answers a Liquid syntax error with the block, line and column, and writes nothing", async () => {
      const before = await rows(templates);
      const res = await create({
        code: "broken",
        name: "Broken",
        blocks: {
          en: {
            app: { title: "ok", content: "fine" },
            email: { subject: "s", html: "<p>line one</p>\n<p>{% if x %} never closed</p>" },
          },
        },
      });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Invalid blocks");
      expect(res.json.errors).toEqual([
        {
          field: "blocks.en.email.html",
          message: expect.stringMatching(/^Liquid syntax error at line 2, column 4: .*not closed/),
        },
      ]);
      const flat = await create({ code: "broken2", name: "B", title: "Hi {{ name", content: "x" });
      expect(flat.status).toBe(400);
      expect(flat.json.message).toBe("Invalid title");
      expect(flat.json.errors[0].message).toMatch(/line 1, column 4/);
      expect(await rows(templates)).toBe(before);
    });

    it.each([
      ["a bad code", { code: "Bad Code!", name: "x", title: "t", content: "c" }, "code"],
      ["no in-app content", { code: "no_content", name: "x", title: "t" }, "content"],
      ["an unknown filter", { code: "f", name: "x", title: "{{ a | nope }}", content: "c" }, "title"],
      ["an include", { code: "inc", name: "x", title: "t", content: "{% include 'secret' %}" }, "content"],
      ["an unknown channel block", { code: "ch", name: "x", blocks: { en: { fax: {} } } }, "blocks"],
      ["a bad type", { code: "ty", name: "x", title: "t", content: "c", type: "loud" }, "type"],
    ])("refuses %s naming the field", async (_label, body, field) => {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(res.json.message).toBe(`Invalid ${field}`);
      expect(res.json.errors[0].field.split(".")[0]).toBe(field);
    });

    it("refuses a code already in use with 409", async () => {
      const res = await create({ code: "seed_style", name: "Again", title: "t", content: "c" });
      expect(res.status).toBe(409);
    });

    it("needs the templates:write scope to write and templates:read to read", async () => {
      const keyWith = async (scopes: string[]) =>
        bearer(
          (
            await api("POST", "/api/v1/api-keys", {
              headers: H,
              body: { name: scopes.join(" "), scopes },
            })
          ).json.data.key,
        );
      const sender = await keyWith(["notifications:send"]);
      const refused = await create({ code: "nope", name: "x", title: "t", content: "c" }, sender);
      expect(refused.status).toBe(403);
      expect(refused.json.message).toBe("Missing scope: templates:write");
      const read = await get("seed_style", sender);
      expect(read.status).toBe(403);
      expect(read.json.message).toBe("Missing scope: templates:read");
      const reader = await keyWith(["notifications:send", "templates:read"]);
      expect((await get("seed_style", reader)).status).toBe(200);
      expect((await create({ code: "nope", name: "x", title: "t", content: "c" }, reader)).status).toBe(403);
      // templates:write holds templates:read.
      expect((await get("seed_style", await keyWith(["templates:write"]))).status).toBe(200);
    });
  });

  describe("reading", () => {
    it("finds a template by id or by code; another tenant's is 404", async () => {
      const byCode = await get("seed_style");
      expect(byCode.status).toBe(200);
      const byId = await get(byCode.json.data.id);
      expect(byId.json.data.code).toBe("seed_style");
      expect((await get("seed_style", bearer(keyB))).status).toBe(404);
      expect((await get(byCode.json.data.id, bearer(keyB))).status).toBe(404);
      expect((await get("missing")).status).toBe(404);
    });

    it("lists with search, type, is_active and pages", async () => {
      const all = await list();
      expect(all.status).toBe(200);
      expect(all.json.data).toMatchObject({ total: 2, page: 1, page_size: 20, total_pages: 1 });
      expect((await list("?search=shipp")).json.data.templates.map((x: { code: string }) => x.code)).toEqual([
        "order.shipped",
      ]);
      expect((await list("?type=system")).json.data.total).toBe(1);
      expect((await list("?is_active=false")).json.data.total).toBe(0);
      const page = await list("?page_size=1&page=2");
      expect(page.json.data.templates).toHaveLength(1);
      expect(page.json.data.total_pages).toBe(2);
      expect((await list("?search=%25")).json.data.total).toBe(0);
      expect((await list("", bearer(keyB))).json.data.total).toBe(0);
      expect((await list("?page_size=500")).status).toBe(400);
    });
  });

  describe("versions", () => {
    it("writes a version per content change, lists, shows and restores one (as a new version)", async () => {
      await create({ code: "versioned", name: "V", title: "First {{ a }}", content: "one" });
      const v2 = await put("versioned", {
        title: "Second {{ b }}",
        variables: [{ name: "b", default: "x" }],
      });
      expect(v2.status).toBe(200);
      expect(v2.json.data).toMatchObject({
        version: 2,
        title: "Second {{ b }}",
        content: "one",
        variables: [{ name: "b", required: false, default: "x" }],
      });
      // Switching it off is no new content, so no new version.
      expect((await put("versioned", { is_active: false })).json.data).toMatchObject({
        version: 2,
        is_active: false,
      });
      const listed = await versions("versioned");
      expect(listed.json.data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const one = await version("versioned", 1);
      expect(one.json.data.blocks.en.app.title).toBe("First {{ a }}");
      expect((await version("versioned", 9)).status).toBe(404);

      const restored = await restore("versioned", 1);
      expect(restored.status).toBe(200);
      expect(restored.json.data).toMatchObject({
        version: 3,
        title: "First {{ a }}",
        is_active: false,
        variables: [{ name: "a", required: true }],
      });
      expect((await versions("versioned")).json.data.versions).toHaveLength(3);
      expect((await restore("versioned", 7)).status).toBe(404);
    });

    it("keeps the code: changing it is refused, unchanged is fine", async () => {
      const res = await put("versioned", { code: "renamed" });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Invalid code");
      expect((await put("versioned", { code: "versioned", name: "Same code" })).status).toBe(200);
    });

    it("refuses a bad update and writes nothing", async () => {
      const before = await rows(templateVersions);
      const res = await put("versioned", { content: "{% for x in y %}" });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Invalid content");
      expect(await rows(templateVersions)).toBe(before);
      expect((await put("versioned", { name: "x" }, bearer(keyB))).status).toBe(404);
    });
  });

  describe("deleting", () => {
    it("soft-deletes; the code is free again; versions stay", async () => {
      await create({ code: "temp", name: "Temp", title: "t", content: "c" });
      expect((await del("temp", bearer(keyB))).status).toBe(404);
      const res = await del("temp");
      expect(res.status).toBe(200);
      expect(res.json.message).toBe("Template deleted");
      expect((await get("temp")).status).toBe(404);
      const [kept] = await t.database.db.select().from(templates).where(eq(templates.code, "temp"));
      expect(kept?.deletedAt).toBeInstanceOf(Date);
      expect((await create({ code: "temp", name: "Temp again", title: "t", content: "c" })).status).toBe(201);
    });
  });

  describe("preview", () => {
    beforeAll(async () => {
      const res = await create({
        code: "welcome",
        name: "Welcome",
        default_locale: "en",
        blocks: {
          en: {
            app: {
              title: "Welcome, {{ user.name | default: 'friend' }}",
              content:
                "{% if plan == 'pro' %}Pro plan{% else %}Free plan{% endif %}: {{ note }} {{ price | times: 2 }} {{ tags | join: ', ' | upcase }}",
              action_url: "https://example.com/start?u={{ user.user_id }}",
            },
            email: {
              subject: "Welcome {{ user.name }} & co",
              html: "<p>Hi {{ user.name }}</p><p>{{ note }}</p>",
            },
          },
          "zh-CN": { app: { title: "欢迎，{{ user.name }}", content: "{{ note }}" } },
          zh: { sms: { text: "短信 {{ note }}" } },
        },
        variables: [
          { name: "plan", required: false },
          { name: "price", example: "5" },
          { name: "tags", required: false },
        ],
      });
      expect(res.status).toBe(201);
    });

    it("renders filters and conditionals; params win over examples", async () => {
      const res = await preview("welcome", {
        params: { plan: "pro", note: "hi", tags: ["a", "b"] },
        user: { name: "Ann", user_id: "ann" },
      });
      expect(res.status).toBe(200);
      expect(res.json.data.locale).toBe("en");
      expect(res.json.data.blocks.app).toEqual({
        title: "Welcome, Ann",
        content: "Pro plan: hi 10 A, B",
        action_url: "https://example.com/start?u=ann",
      });
      expect(res.json.data.blocks.email).toMatchObject({
        subject: "Welcome Ann & co",
        html: "<p>Hi Ann</p><p>hi</p>",
        text: "Hi Ann\n\nhi",
      });
    });

    it("keeps <script> in params inert in email HTML and in-app content", async () => {
      const evil = "<script>alert(1)</script>";
      const res = await preview("welcome", { params: { note: evil, price: 1 }, user: { name: evil } });
      const { app, email } = res.json.data.blocks;
      for (const html of [app.title, app.content, email.html]) {
        expect(html).not.toContain("<script>");
        expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      }
      // Text fields are not HTML: the subject keeps the characters as typed.
      expect(email.subject).toBe(`Welcome ${evil} & co`);
    });

    it("falls back by locale: exact, then language, then the default", async () => {
      const zhTW = await preview("welcome", { params: { note: "n" }, locale: "zh-TW", user: { name: "王" } });
      expect(zhTW.json.data.locale).toBe("zh-CN");
      expect(zhTW.json.data.blocks.app.title).toBe("欢迎，王");
      const sms = await preview("welcome", { params: { note: "n" }, locale: "zh-CN", channel: "sms" });
      expect(sms.json.data.blocks).toEqual({ sms: { text: "短信 n" } });
      const fr = await preview("welcome", { params: { note: "n" }, locale: "fr", channel: "sms" });
      // No French, no English SMS block: the in-app block stands in, as text.
      expect(fr.json.data.blocks.sms).toEqual({ text: "Free plan: n 10 ", fallback: true });
    });

    it("answers missing required variables with 400 naming them", async () => {
      const res = await preview("welcome", { params: {} });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Invalid params");
      expect(res.json.errors).toEqual([{ field: "params.note", message: "is required by template welcome" }]);
    });

    it("stops a render that runs too long", async () => {
      await create({
        code: "slow",
        name: "Slow",
        title: "t",
        content: "{% for i in (1..100000000) %}{{ i }}{% endfor %}",
      });
      const res = await preview("slow", {});
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Template render failed");
      expect(res.json.errors[0].field).toBe("blocks.en.app.content");
    });
  });

  describe("sending by template", () => {
    it("renders each recipient's own name for 1,000 users", async () => {
      const ids = Array.from({ length: 1000 }, (_, i) => `tpl-user-${i}`);
      const [tenant] = await t.database.db.select().from(tenants).where(eq(tenants.slug, "default"));
      await t.database.db
        .insert(users)
        .values(ids.map((externalId, i) => ({ tenantId: tenant!.id, externalId, name: `Name ${i}` })));
      const res = await send({
        user_ids: ids,
        template_code: "welcome",
        params: { note: "hello", price: 5 },
      });
      expect(res.status).toBe(200);
      expect(res.json.data.count).toBe(1000);
      const rowsOut = await t.database.db
        .select({
          title: notifications.title,
          content: notifications.content,
          version: notifications.templateVersion,
        })
        .from(notifications)
        .where(eq(notifications.batchId, res.json.data.batch_id));
      expect(rowsOut).toHaveLength(1000);
      const titles = new Set(rowsOut.map((r) => r.title));
      expect(titles.size).toBe(1000);
      for (let i = 0; i < 1000; i += 97) expect(titles.has(`Welcome, Name ${i}`)).toBe(true);
      expect(rowsOut.every((r) => r.content === "Free plan: hello 10 " && r.version === 1)).toBe(true);
    });

    it("uses the template's type and channels, records template_code, and keeps extra params out", async () => {
      const res = await send({
        user_ids: ["newcomer"],
        template_code: "seed_style",
        params: { name: "<b>Neo</b>", code: 42, extra: "ignored" },
      });
      expect(res.status).toBe(200);
      const n = (await inbox("newcomer")).json.data.notifications[0];
      expect(n).toMatchObject({
        title: "Hello &lt;b&gt;Neo&lt;/b&gt;",
        content: "Your code is 42.",
        type: "system",
        channels: ["app", "email"],
        template_code: "seed_style",
      });
      const [row] = await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, n.id)));
      expect(row?.templateParams).toEqual({ name: "<b>Neo</b>", code: 42, extra: "ignored" });
      expect(row?.templateId).toEqual(expect.any(String));
    });

    it("gives a new user (no name yet) an empty name, and a send's own channels win", async () => {
      const res = await send({
        user_ids: ["brand-new"],
        template_code: "welcome",
        params: { note: "n", price: 5 },
        channels: ["app"],
        type: "warning",
      });
      expect(res.status).toBe(200);
      const n = (await inbox("brand-new")).json.data.notifications[0];
      expect(n).toMatchObject({ title: "Welcome, friend", channels: ["app"], type: "warning" });
      expect(n.metadata).toEqual({ action_url: "https://example.com/start?u=" });
    });

    it.each([
      ["an unknown template", { template_code: "nope" }, "Unknown template"],
      ["an inactive template", { template_code: "versioned" }, "Template inactive"],
      ["a missing variable", { template_code: "welcome", params: {} }, "Invalid params"],
    ])("refuses %s with 400 and writes nothing", async (_label, body, message) => {
      const before = (await t.database.db.select({ n: count() }).from(notifications))[0]!.n;
      const res = await send({ user_ids: ["nobody-new"], ...body });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe(message);
      if (message === "Invalid params") expect(res.json.errors[0].field).toBe("params.note");
      expect((await t.database.db.select({ n: count() }).from(notifications))[0]!.n).toBe(before);
    });

    it("does not send another tenant's template", async () => {
      const res = await send(
        { user_ids: ["x"], template_code: "welcome", params: { note: "n" } },
        bearer(keyB),
      );
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Unknown template");
    });

    it("picks each recipient's locale", async () => {
      await api("PUT", "/api/v1/users/li", {
        headers: H,
        body: { name: "李", locale: "zh-CN" },
      });
      await api("PUT", "/api/v1/users/bo", {
        headers: H,
        body: { name: "Bo", locale: "en-GB" },
      });
      const res = await send({
        user_ids: ["li", "bo"],
        template_code: "welcome",
        params: { note: "n", price: 5 },
      });
      expect(res.status).toBe(200);
      expect((await inbox("li")).json.data.notifications[0]).toMatchObject({
        title: "欢迎，李",
        content: "n",
      });
      expect((await inbox("bo")).json.data.notifications[0]).toMatchObject({
        title: "Welcome, Bo",
        content: "Free plan: n 10 ",
      });
    });
  });
});
