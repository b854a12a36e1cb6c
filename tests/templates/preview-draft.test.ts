// The console's live preview: unsaved content rendered with sample params, checked as a save would
// check it, and nothing written.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as previewRoute from "@/app/api/v1/notifications/templates/[template_id]/preview/route";
import * as listRoute from "@/app/api/v1/notifications/templates/route";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import { bootstrap } from "@/lib/bootstrap";
import { templateVersions } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { bearer, call } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_preview_draft_test_super_key_0123456789";
const base = "/api/v1/notifications/templates";
const preview = (id: string, body: unknown, headers = bearer(KEY)) =>
  call(previewRoute.POST, "POST", `${base}/${id}/preview`, { headers, body, params: { template_id: id } });

describe("previewing unsaved content", () => {
  let t: TestDatabase;
  let keyB: string;
  let id: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    const b = await call(tenantsRoute.POST, "POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "draft-b", name: "Draft B" },
    });
    keyB = b.json.data.api_key.key;
    const created = await call(listRoute.POST, "POST", base, {
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
});
