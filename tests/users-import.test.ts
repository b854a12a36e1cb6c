import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { MAX_IMPORT_ROWS } from "@/lib/users/import";
import { api, bearer, ORIGIN, sessionCookie } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_users_import_test_super_key_0123456789";

// Row 3 has a bad email and a bad time zone, row 5 repeats an id: both are skipped.
const FILE = [
  "id,email,phone,name,locale,timezone",
  "imp-ann,Ann@Example.com,+15550000001,Ann Import,en,Europe/Paris",
  "imp-ben,not-an-email,,Ben Import,,Mars/Olympus",
  "imp-cat,cat@example.com,,Cat Import,zh-cn,Asia/Shanghai",
  "imp-ann,ann2@example.com,,,,",
].join("\n");

describe("POST /api/v1/users/import", () => {
  let t: TestDatabase;
  let tenantId: string;
  let adminCookie: Record<string, string>;

  const importCsv = (csv: string, dryRun: boolean, headers: Record<string, string> = bearer(KEY)) =>
    api("POST", `/api/v1/users/import?dry_run=${dryRun}`, {
      headers: { "Content-Type": "text/csv", ...headers },
      rawBody: csv,
    });
  const importedIds = async () =>
    (await t.database.db.select({ id: users.externalId }).from(users).where(eq(users.tenantId, tenantId)))
      .map((r) => r.id)
      .filter((id) => id.startsWith("imp-"))
      .sort();

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    const [admin] = await t.database.db
      .insert(users)
      .values({ tenantId, externalId: "import-admin", role: "admin", email: "admin@import.test" })
      .returning();
    adminCookie = {
      ...(await sessionCookie({ uid: admin!.id, tid: tenantId, ext: "import-admin", role: "admin" })),
      Origin: ORIGIN,
    };
  });
  afterAll(() => t.drop());

  it("dry run: reports each bad row by number and field, and writes nothing", async () => {
    const res = await importCsv(FILE, true);
    expect(res.status).toBe(200);
    const data = res.json.data;
    expect(data).toMatchObject({ dry_run: true, rows: 4, valid: 2, skipped: 2, created: 2, updated: 0 });
    expect(data.errors).toEqual(
      expect.arrayContaining([
        { row: 3, field: "email", message: "must be an email address" },
        { row: 3, field: "timezone", message: "must be an IANA time zone like Europe/Paris" },
        { row: 5, field: "id", message: "appears twice (first on row 2)" },
      ]),
    );
    expect(await importedIds()).toEqual([]);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "users.imported"));
    expect(audits).toHaveLength(0);
  });

  it("imports the valid rows, skips the bad ones, and a second run changes nothing", async () => {
    const first = await importCsv(FILE, false, adminCookie);
    expect(first.status).toBe(200);
    expect(first.json.data).toMatchObject({
      dry_run: false,
      created: 2,
      updated: 0,
      unchanged: 0,
      skipped: 2,
    });
    expect(await importedIds()).toEqual(["imp-ann", "imp-cat"]);

    const ann = await api("GET", "/api/v1/users/imp-ann", {
      headers: bearer(KEY),
    });
    // The same normalisation as PUT /users/:id: lower-cased email, canonical locale.
    expect(ann.json.data).toMatchObject({
      email: "ann@example.com",
      phone: "+15550000001",
      name: "Ann Import",
      locale: "en",
      timezone: "Europe/Paris",
      role: "user",
    });
    const cat = await api("GET", "/api/v1/users/imp-cat", {
      headers: bearer(KEY),
    });
    expect(cat.json.data.locale).toBe("zh-CN");

    const [before] = await t.database.db
      .select({ updatedAt: users.updatedAt })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "imp-ann")));
    const again = await importCsv(FILE, false);
    expect(again.json.data).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 2 });
    const [after] = await t.database.db
      .select({ updatedAt: users.updatedAt })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "imp-ann")));
    expect(after!.updatedAt.getTime()).toBe(before!.updatedAt.getTime());

    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "users.imported"));
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actorType: "user", data: expect.objectContaining({ created: 2 }) });
  });

  it("updates only what a row gives: an empty cell keeps the stored value", async () => {
    const csv = "user_id,name,timezone\nimp-ann,,America/New_York\n";
    const dry = await importCsv(csv, true);
    expect(dry.json.data).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const res = await importCsv(JSON.stringify({ csv }), false, {
      ...bearer(KEY),
      "Content-Type": "application/json",
    });
    expect(res.json.data).toMatchObject({ updated: 1 });
    const list = await api("GET", "/api/v1/users?search=imp-ann", { headers: bearer(KEY) });
    expect(list.json.data.users[0]).toMatchObject({ name: "Ann Import", timezone: "America/New_York" });
  });

  it("refuses a file it cannot read as a whole, writing nothing", async () => {
    const noId = await importCsv("email,name\nx@example.com,X\n", false);
    expect(noId.status).toBe(400);
    expect(noId.json.errors).toContainEqual({ field: "csv", message: "needs an id column" });
    const unknown = await importCsv("id,password\nimp-zed,secret123\n", false);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].message).toMatch(/unknown columns: password/);
    const big = await importCsv(
      ["id", ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `imp-big-${i}`)].join("\n"),
      false,
    );
    expect(big.status).toBe(400);
    expect(await importedIds()).toEqual(["imp-ann", "imp-cat"]);
  });

  it("is for admins only", async () => {
    const [plain] = await t.database.db
      .insert(users)
      .values({ tenantId, externalId: "import-user", role: "user" })
      .returning();
    const cookie = await sessionCookie({ uid: plain!.id, tid: tenantId, ext: "import-user", role: "user" });
    expect((await importCsv(FILE, true, { ...cookie, Origin: ORIGIN })).status).toBe(403);
    expect((await importCsv(FILE, true, {})).status).toBe(401);
  });
});
