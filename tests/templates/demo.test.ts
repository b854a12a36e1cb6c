import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { notifications } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { sendNotifications } from "@/lib/notifications/send";
import { sendSchema } from "@/lib/notifications/schema";
import { previewTemplate } from "@/lib/templates/render";
import { previewSchema } from "@/lib/templates/schema";
import { listTemplates } from "@/lib/templates/store";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("demo templates", () => {
  let t: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const env = parseEnv({ NODE_ENV: "test", SEED_DEMO: "true" });
    ({
      tenant: { id: tenantId },
    } = await bootstrap(t.database.db, env));
    await bootstrap(t.database.db, env); // a second start adds nothing
  });
  afterAll(async () => {
    await t.drop();
  });

  it("are seeded once: welcome, order status and maintenance, each in en and zh-CN", async () => {
    const { rows, total } = await listTemplates(t.database.db, tenantId, { page: 1, page_size: 20 });
    expect(total).toBe(3);
    expect(rows.map((r) => r.code).sort()).toEqual(["maintenance", "order_status", "welcome"]);
    for (const r of rows) expect(Object.keys(r.blocks).sort()).toEqual(["en", "zh-CN"]);
  });

  it("preview with their examples in both locales", async () => {
    for (const code of ["welcome", "order_status", "maintenance"]) {
      for (const locale of ["en", "zh-CN"]) {
        const p = await previewTemplate(t.database.db, tenantId, code, previewSchema.parse({ locale }));
        expect(p.locale).toBe(locale);
        expect(String(p.blocks.app!.title)).not.toBe("");
      }
    }
    const order = await previewTemplate(
      t.database.db,
      tenantId,
      "order_status",
      previewSchema.parse({ locale: "zh-CN" }),
    );
    expect(order.blocks.app).toMatchObject({
      title: "订单 1024 已发货",
      content: "您的订单已发货，预计 Thursday 送达。",
    });
  });

  it("send to the demo users by name", async () => {
    await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      sendSchema.parse({ user_ids: ["alice"], template_code: "welcome", params: {}, channels: ["app"] }),
    );
    const rows = await t.database.db.select().from(notifications).where(eq(notifications.templateVersion, 1));
    expect(rows.map((r) => r.title)).toContain("Welcome to Herald, Alice Example!");
  });
});
