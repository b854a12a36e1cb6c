// The console's live preview: unsaved content rendered with sample params, checked as a save would
// check it, and nothing written.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { templateVersions } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_preview_draft_test_super_key_0123456789";
const base = "/api/v1/notifications/templates";
const preview = (id: string, body: unknown, headers = bearer(KEY)) =>
  api("POST", `${base}/${id}/preview`, { headers, body });

describe("previewing unsaved content", () => {
  let t: TestDatabase;
  let keyB: string;
  let id: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "draft-b", name: "Draft B" },
    });
    keyB = b.json.data.api_key.key;
    const created = await api("POST", base, {
      headers: bearer(KEY),
      body: { code: "draft_order", name: "Order", title: "Order {{ order_id }}", content: "Saved text" },
    });
    expect(created.status).toBe(201);
    id = created.json.data.id;
  });
  afterAll(async () => t.drop());

  it("renders the draft's blocks and variables instead of the saved ones", async () => {
    const res = await preview(id, {
      params: { order_id: "1024", event: "shipped" },
      draft: {
        blocks: {
          en: {
            app: { title: "Order {{ order_id }} {{ event }}", content: "Now {{ event | upcase }}" },
            sms: { text: "{{ order_id }}: {{ event }}" },
          },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.blocks.app).toMatchObject({ title: "Order 1024 shipped", content: "Now SHIPPED" });
    expect(res.json.data.blocks.sms).toEqual({ text: "1024: shipped" });
  });

  it("asks for a sample of a variable only the draft reads, unless it has a default", async () => {
    const draft = { blocks: { en: { app: { title: "{{ order_id }}", content: "by {{ eta }}" } } } };
    const missing = await preview(id, { params: { order_id: "1" }, draft });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ field: "params.eta", message: expect.any(String) }]);
    const withDefault = await preview(id, {
      params: { order_id: "1" },
      draft: { ...draft, variables: [{ name: "eta", default: "Friday" }] },
    });
    expect(withDefault.json.data.blocks.app.content).toBe("by Friday");
  });

  it("names a syntax error's field, line and column, and writes nothing", async () => {
    const res = await preview(id, {
      params: { order_id: "1" },
      draft: { blocks: { en: { app: { title: "x", content: "ok\n{% if a %}never closed" } } } },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("blocks.en.app.content");
    expect(res.json.errors[0].message).toMatch(/line 2, column 1/);
    const [versions] = await t.database.db.select({ n: count() }).from(templateVersions);
    expect(versions!.n).toBe(1);
  });

  it("is another tenant's template: 404", async () => {
    const res = await preview(
      id,
      { draft: { blocks: { en: { app: { title: "x", content: "y" } } } } },
      bearer(keyB),
    );
    expect(res.status).toBe(404);
  });

  it("caps the input's sizes, naming the field, and renders nothing", async () => {
    const app = (content: string) => ({ app: { title: "x", content } });
    const refused = async (body: unknown) => {
      const res = await preview(id, body);
      expect(res.status).toBe(400);
      return res.json.errors.map((e: { field: string }) => e.field);
    };
    expect(await refused({ params: { order_id: "1", note: "n".repeat(17 * 1024) } })).toEqual(["params"]);
    expect(await refused({ params: { order_id: "1" }, locale: `en-${"abcdefgh-".repeat(5)}x1` })).toEqual([
      "locale",
    ]);
    expect(
      await refused({ params: { order_id: "1" }, draft: { blocks: { en: app("c".repeat(20_001)) } } }),
    ).toEqual(["draft.blocks.en.app.content"]);
    // Each field within its own limit, the whole over 256 KB: 14 locales of 19,000 characters.
    const blocks = Object.fromEntries(
      ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "cs", "hu", "ro"].map((l) => [
        l,
        app("c".repeat(19_000)),
      ]),
    );
    expect(await refused({ params: { order_id: "1" }, draft: { blocks } })).toEqual(["draft.blocks"]);
    // Under the cap it renders.
    const ok = await preview(id, { params: { order_id: "1" }, draft: { blocks: { en: app("ok") } } });
    expect(ok.status).toBe(200);
  });
});
