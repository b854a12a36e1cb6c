import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, workflows, workflowVersions } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_workflows_test_super_key_0123456789ab";
const H = bearer(KEY);
const base = "/api/v1/workflows";
const create = (body: unknown, headers = H) => api("POST", base, { headers, body });
const get = (key: string, headers = H) => api("GET", `${base}/${key}`, { headers });
const put = (key: string, body: unknown, headers = H) => api("PUT", `${base}/${key}`, { headers, body });
const del = (key: string, headers = H) => api("DELETE", `${base}/${key}`, { headers });
const list = (qs = "", headers = H) => api("GET", `${base}${qs}`, { headers });
const versions = (key: string, headers = H) => api("GET", `${base}/${key}/versions`, { headers });
const restore = (key: string, v: number | string, headers = H) =>
  api("POST", `${base}/${key}/versions/${v}/restore`, {
    headers,
  });

const inapp = { id: "inapp", type: "in_app", title: "New comment", content: "{{ payload.text }}" };
const comment = {
  key: "comment.created",
  name: "New comment",
  description: "In-app at once, email if still unread",
  category: "comments",
  steps: [
    inapp,
    { id: "wait", type: "delay", amount: 30, unit: "minutes" },
    { id: "email", type: "email", template: "comment_email", if: "steps.inapp.notification.read == false" },
  ],
};

describe("workflows API", () => {
  let t: TestDatabase;
  let keyB: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    const b = await api("POST", "/api/v1/tenants", {
      headers: H,
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
    const template = await api("POST", "/api/v1/notifications/templates", {
      headers: H,
      body: {
        code: "comment_email",
        name: "Comment email",
        blocks: {
          en: {
            app: { title: "New comment", content: "{{ text }}" },
            email: { subject: "New comment", html: "<p>{{ text }}</p>" },
          },
        },
      },
    });
    expect(template.status).toBe(201);
  });
  afterAll(async () => t.drop());

  const rows = async (table: typeof workflows | typeof workflowVersions) =>
    (await t.database.db.select({ n: count() }).from(table))[0]!.n;
  const keyWith = async (scopes: string[]) =>
    bearer(
      (
        await api("POST", "/api/v1/api-keys", {
          headers: H,
          body: { name: scopes.join(" "), scopes },
        })
      ).json.data.key,
    );

  describe("creating and reading", () => {
    it("creates version 1 with its defaults and reads it back by key", async () => {
      const res = await create(comment);
      expect(res.status).toBe(201);
      expect(res.json.message).toBe("Workflow created");
      expect(res.json.data).toMatchObject({
        key: "comment.created",
        name: "New comment",
        description: "In-app at once, email if still unread",
        is_active: true,
        critical: false,
        category: "comments",
        version: 1,
        steps: comment.steps,
      });
      const got = await get("comment.created");
      expect(got.status).toBe(200);
      expect(got.json.data).toEqual(res.json.data);
      const [audited] = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "workflow.created"), eq(auditLog.targetId, res.json.data.id)));
      expect(audited?.data).toEqual({ key: "comment.created", version: 1 });
    });

    it("refuses a key in use with 409, writing nothing", async () => {
      const before = [await rows(workflows), await rows(workflowVersions)];
      const res = await create({ ...comment, name: "Again" });
      expect(res.status).toBe(409);
      expect(res.json.error_code).toBe("conflict");
      expect([await rows(workflows), await rows(workflowVersions)]).toEqual(before);
    });

    it.each([
      ["a bad key", { ...comment, key: "Bad Key" }, "key", "Invalid key"],
      [
        "a condition that does not compile",
        { ...comment, key: "c1", steps: [inapp, { ...inapp, id: "b", if: "payload.x >" }] },
        "steps.1.if",
        "Invalid steps",
      ],
      [
        "a condition reading a later step",
        {
          ...comment,
          key: "c2",
          steps: [
            { ...inapp, if: 'steps.b.status == "x"' },
            { ...inapp, id: "b" },
          ],
        },
        "steps.0.if",
        "Invalid steps",
      ],
      ["duplicate step ids", { ...comment, key: "c3", steps: [inapp, inapp] }, "steps.1.id", "Invalid steps"],
      [
        "Liquid that does not parse",
        { ...comment, key: "c4", steps: [{ ...inapp, content: "{% if x %}" }] },
        "steps.0.content",
        "Invalid steps",
      ],
      [
        "a channel step with neither template nor content",
        { ...comment, key: "c5", steps: [{ id: "e", type: "email" }] },
        "steps.0.template",
        "Invalid steps",
      ],
      [
        "an unknown template",
        { ...comment, key: "c6", steps: [{ id: "e", type: "email", template: "nope" }] },
        "steps.0.template",
        "Invalid steps",
      ],
      [
        "a template without a block for the channel",
        { ...comment, key: "c7", steps: [inapp, { id: "s", type: "sms", template: "comment_email" }] },
        "steps.1.template",
        "Invalid steps",
      ],
    ])("refuses %s naming the field, writing nothing", async (_label, body, field, message) => {
      const before = [await rows(workflows), await rows(workflowVersions)];
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(res.json.message).toBe(message);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect([await rows(workflows), await rows(workflowVersions)]).toEqual(before);
    });

    it("names why a template does not fit", async () => {
      const res = await create({
        ...comment,
        key: "c8",
        steps: [{ id: "s", type: "sms", template: "comment_email" }],
      });
      expect(res.json.errors).toEqual([
        { field: "steps.0.template", message: "template comment_email has no sms block" },
      ]);
    });

    it("lists with q, is_active, category and pages", async () => {
      await create({ key: "digest.daily", name: "Daily digest", is_active: false, steps: [inapp] });
      const all = await list();
      expect(all.status).toBe(200);
      expect(all.json.data).toMatchObject({ total: 2, page: 1, page_size: 20, total_pages: 1 });
      expect(all.json.data.workflows.map((w: { key: string }) => w.key)).toEqual([
        "digest.daily",
        "comment.created",
      ]);
      expect((await list("?q=unread")).json.data.workflows.map((w: { key: string }) => w.key)).toEqual([
        "comment.created",
      ]);
      expect((await list("?q=DAILY")).json.data.total).toBe(1);
      expect((await list("?is_active=false")).json.data.workflows[0].key).toBe("digest.daily");
      expect((await list("?is_active=true")).json.data.total).toBe(1);
      expect((await list("?category=comments")).json.data.total).toBe(1);
      expect((await list("?category=other")).json.data.total).toBe(0);
      const page = await list("?page_size=1&page=2");
      expect(page.json.data.workflows).toHaveLength(1);
      expect(page.json.data.total_pages).toBe(2);
      expect((await list("?q=%25")).json.data.total).toBe(0);
      expect((await list("?page_size=500")).status).toBe(400);
      expect((await list("?is_active=maybe")).json.errors[0].field).toBe("is_active");
    });

    it("keeps another tenant's workflows out of sight", async () => {
      const other = bearer(keyB);
      expect((await get("comment.created", other)).status).toBe(404);
      expect((await get("comment.created", other)).json.error_code).toBe("not_found");
      expect((await list("", other)).json.data.total).toBe(0);
      expect((await put("comment.created", { name: "x" }, other)).status).toBe(404);
      expect((await del("comment.created", other)).status).toBe(404);
      expect((await versions("comment.created", other)).status).toBe(404);
      expect((await restore("comment.created", 1, other)).status).toBe(404);
      // The other tenant may use the same key for its own workflow.
      expect((await create({ ...comment, steps: [inapp] }, other)).status).toBe(201);
      expect((await get("comment.created")).json.data.steps).toHaveLength(3);
      expect((await get("missing")).status).toBe(404);
    });
  });

  describe("versions", () => {
    it("writes version 2 on update, lists versions, restores one as version 3", async () => {
      const v2 = await put("comment.created", { name: "Comment", critical: true, steps: [inapp] });
      expect(v2.status).toBe(200);
      expect(v2.json.message).toBe("Workflow saved");
      expect(v2.json.data).toMatchObject({
        name: "Comment",
        critical: true,
        description: "In-app at once, email if still unread",
        category: "comments",
        version: 2,
        steps: [inapp],
      });
      expect((await get("comment.created")).json.data.version).toBe(2);
      const listed = await versions("comment.created");
      expect(listed.status).toBe(200);
      expect(listed.json.data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(listed.json.data.versions[1]).toMatchObject({
        name: "New comment",
        critical: false,
        steps: comment.steps,
        created_by: { type: "api_key", id: expect.any(String) },
      });

      const restored = await restore("comment.created", 1);
      expect(restored.status).toBe(200);
      expect(restored.json.message).toBe("Workflow version restored");
      expect(restored.json.data).toMatchObject({
        version: 3,
        name: "New comment",
        critical: false,
        steps: comment.steps,
      });
      expect((await versions("comment.created")).json.data.versions).toHaveLength(3);
      expect((await restore("comment.created", 9)).status).toBe(404);
      expect((await restore("comment.created", "zero")).json.errors[0].field).toBe("version");
      const actions = await t.database.db
        .select({ action: auditLog.action, data: auditLog.data })
        .from(auditLog)
        .where(eq(auditLog.targetId, restored.json.data.id));
      expect(actions.map((a) => a.action)).toEqual([
        "workflow.created",
        "workflow.updated",
        "workflow.restored",
      ]);
      expect(actions[2]!.data).toEqual({ key: "comment.created", version: 3, restored_from: 1 });
    });

    it("keeps the key: another key is 400, the same key is fine", async () => {
      const res = await put("comment.created", { key: "renamed" });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Invalid key");
      expect(res.json.errors).toEqual([{ field: "key", message: "cannot be changed" }]);
      expect((await get("renamed")).status).toBe(404);
      expect(
        (await put("comment.created", { key: "comment.created", is_active: false })).json.data,
      ).toMatchObject({
        version: 4,
        is_active: false,
      });
    });

    it("refuses a bad update naming the field and writes nothing", async () => {
      const before = await rows(workflowVersions);
      const res = await put("comment.created", {
        steps: [inapp, { id: "late", type: "in_app", title: "t", content: "c", if: "steps.nope.status" }],
      });
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([
        { field: "steps.1.if", message: "reads steps.nope: no step has that id" },
      ]);
      const unknown = await put("comment.created", { steps: [{ id: "e", type: "email", template: "gone" }] });
      expect(unknown.json.errors[0].field).toBe("steps.0.template");
      expect((await put("comment.created", { name: "" })).json.errors[0].field).toBe("name");
      expect(await rows(workflowVersions)).toBe(before);
      expect((await get("comment.created")).json.data.version).toBe(4);
    });
  });

  describe("deleting", () => {
    it("soft-deletes; the key is free again; the old versions stay", async () => {
      await create({ key: "temp", name: "Temp", steps: [inapp] });
      const res = await del("temp");
      expect(res.status).toBe(200);
      expect(res.json.message).toBe("Workflow deleted");
      expect((await get("temp")).status).toBe(404);
      expect((await versions("temp")).status).toBe(404);
      expect((await del("temp")).status).toBe(404);
      const again = await create({ key: "temp", name: "Temp again", steps: [inapp] });
      expect(again.status).toBe(201);
      expect(again.json.data.version).toBe(1);
      const kept = await t.database.db.select().from(workflows).where(eq(workflows.key, "temp"));
      expect(kept).toHaveLength(2);
      expect(kept.filter((w) => w.deletedAt !== null)).toHaveLength(1);
      expect((await get("temp")).json.data.name).toBe("Temp again");
    });
  });

  describe("scopes", () => {
    it("reads with workflows:read, writes with workflows:write", async () => {
      const reader = await keyWith(["workflows:read"]);
      expect((await get("comment.created", reader)).status).toBe(200);
      expect((await list("", reader)).status).toBe(200);
      expect((await versions("comment.created", reader)).status).toBe(200);
      const before = [await rows(workflows), await rows(workflowVersions)];
      const refused = await create({ ...comment, key: "nope" }, reader);
      expect(refused.status).toBe(403);
      expect(refused.json.message).toBe("Missing scope: workflows:write");
      expect((await put("comment.created", { name: "x" }, reader)).status).toBe(403);
      expect((await del("comment.created", reader)).status).toBe(403);
      expect((await restore("comment.created", 1, reader)).status).toBe(403);
      expect([await rows(workflows), await rows(workflowVersions)]).toEqual(before);
      const sender = await keyWith(["notifications:send"]);
      expect((await get("comment.created", sender)).json.message).toBe("Missing scope: workflows:read");
      // workflows:write holds workflows:read.
      expect((await get("comment.created", await keyWith(["workflows:write"]))).status).toBe(200);
    });
  });
});
