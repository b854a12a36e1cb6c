import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { preferences, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { decide } from "@/lib/preferences/decide";
import { loadPreferences } from "@/lib/preferences/store";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_preferences_test_super_key_0123456789";
const as = (user: string, key = KEY) => ({ ...bearer(key), "X-User-Id": user });
const own = (method: "GET" | "PUT", headers: Record<string, string>, body?: unknown) =>
  api(method, "/api/v1/preferences", { headers, body });
const ofUser = (
  method: "GET" | "PUT",
  user: string,
  headers: Record<string, string> = bearer(KEY),
  body?: unknown,
) =>
  api(method, `/api/v1/users/${user}/preferences`, {
    headers,
    body,
  });

describe("preferences API", () => {
  let t: TestDatabase;
  let keyB: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    for (const [user, body] of [
      ["ann", { timezone: "Asia/Shanghai" }],
      ["ben", {}],
    ] as const)
      await api("PUT", `/api/v1/users/${user}`, {
        headers: bearer(KEY),
        body,
      });
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
  });
  afterAll(async () => {
    await t.drop();
  });

  it("shows the defaults, in the profile's time zone, before anything is saved", async () => {
    const res = await own("GET", as("ann"));
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({
      user_id: "ann",
      channels: {},
      disabled_channels: [],
      do_not_disturb: null,
      timezone: null,
      effective_timezone: "Asia/Shanghai",
      mute_until: null,
      is_muted: false,
      workflows: {},
      categories: {},
      updated_at: null,
    });
    expect((await ofUser("GET", "ben")).json.data.effective_timezone).toBe("UTC");
  });

  it("saves what is given, keeps what is not, and null clears", async () => {
    const saved = await own("PUT", as("ann"), {
      channels: { info: ["app"], system: ["app", "email", "email"] },
      disabled_channels: ["sms"],
      do_not_disturb: { start: "22:00", end: "07:30" },
      timezone: "Europe/Berlin",
      mute_until: "2099-01-01T00:00:00Z",
    });
    expect(saved.status).toBe(200);
    expect(saved.json.message).toBe("Preferences saved");
    expect(saved.json.data).toMatchObject({
      channels: { info: ["app"], system: ["app", "email"] },
      disabled_channels: ["sms"],
      do_not_disturb: { start: "22:00", end: "07:30" },
      timezone: "Europe/Berlin",
      effective_timezone: "Europe/Berlin",
      mute_until: "2099-01-01T00:00:00.000Z",
      is_muted: true,
    });
    expect(saved.json.data.updated_at).toEqual(expect.any(String));

    const partial = await own("PUT", as("ann"), { mute_until: null, timezone: null });
    expect(partial.json.data).toMatchObject({
      channels: { info: ["app"], system: ["app", "email"] },
      do_not_disturb: { start: "22:00", end: "07:30" },
      timezone: null,
      effective_timezone: "Asia/Shanghai",
      mute_until: null,
      is_muted: false,
    });
    expect((await own("GET", as("ann"))).json.data).toEqual(partial.json.data);
    // The service sees the same.
    expect((await ofUser("GET", "ann")).json.data).toEqual(partial.json.data);
  });

  it("works with a subscriber token", async () => {
    const token = await api("POST", "/api/v1/users/ben/token", {
      headers: bearer(KEY),
      body: {},
    });
    const res = await own("PUT", bearer(token.json.data.token), { disabled_channels: ["wechat"] });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ user_id: "ben", disabled_channels: ["wechat"] });
  });

  it.each([
    ["an unknown type", { channels: { gossip: ["app"] } }, "Invalid channels"],
    ["an unknown channel", { channels: { info: ["fax"] } }, "Invalid channels"],
    ["channels not an object", { channels: ["app"] }, "Invalid channels"],
    ["turning off in-app", { disabled_channels: ["app"] }, "Invalid disabled_channels"],
    ["a bad time", { do_not_disturb: { start: "24:00", end: "07:00" } }, "Invalid do_not_disturb"],
    ["a time without minutes", { do_not_disturb: { start: "22", end: "07:00" } }, "Invalid do_not_disturb"],
    ["an empty window", { do_not_disturb: { start: "22:00", end: "22:00" } }, "Invalid do_not_disturb"],
    ["a window without an end", { do_not_disturb: { start: "22:00" } }, "Invalid do_not_disturb"],
    ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }, "Invalid timezone"],
    ["an offset for a zone", { timezone: "+01:00" }, "Invalid timezone"],
    ["a bad mute_until", { mute_until: "tomorrow" }, "Invalid mute_until"],
    ["an unknown field", { colour: "red" }, "Invalid colour"],
  ])("refuses %s with 400 naming the field, writing nothing", async (_name, body, message) => {
    const before = await t.database.db.select({ n: count() }).from(preferences);
    const ownRes = await own("PUT", as("ben"), body);
    expect(ownRes.status).toBe(400);
    expect(ownRes.json.message).toBe(message);
    const svcRes = await ofUser("PUT", "ben", bearer(KEY), body);
    expect(svcRes.json.message).toBe(message);
    expect(await t.database.db.select({ n: count() }).from(preferences)).toEqual(before);
  });

  it("another tenant's user, or an unknown one, is a 404 and nothing is written", async () => {
    const before = await t.database.db.select({ n: count() }).from(preferences);
    expect((await ofUser("GET", "ann", bearer(keyB))).status).toBe(404);
    expect((await ofUser("PUT", "ann", bearer(keyB), { disabled_channels: ["sms"] })).status).toBe(404);
    expect((await ofUser("PUT", "nobody", bearer(KEY), { disabled_channels: ["sms"] })).status).toBe(404);
    expect(await t.database.db.select({ n: count() }).from(preferences)).toEqual(before);
    expect((await own("GET", bearer(KEY))).status).toBe(403); // an API key must say who it acts for
    expect((await own("GET", {})).status).toBe(401);
  });

  it("loadPreferences feeds decide the saved choices, with defaults for users without a row", async () => {
    await ofUser("PUT", "ann", bearer(KEY), {
      do_not_disturb: { start: "22:00", end: "07:30" },
      timezone: "Europe/Berlin",
      disabled_channels: [],
    });
    const rows = await t.database.db.select({ id: users.id, ext: users.externalId }).from(users);
    const ann = rows.find((r) => r.ext === "ann")!.id;
    const ben = rows.find((r) => r.ext === "ben")!.id;
    const [tenant] = await t.database.db.select({ id: users.tenantId }).from(users).where(eq(users.id, ann));
    const loaded = await loadPreferences(t.database.db, tenant!.id, [ann, ben]);
    const night = new Date("2026-06-01T21:00:00Z"); // 23:00 in Berlin
    expect(decide(loaded.get(ann), { type: "system", priority: "normal" }, "email", night)).toEqual({
      action: "defer",
      until: new Date("2026-06-02T05:30:00Z"),
      silent: true,
    });
    expect(decide(loaded.get(ann), { type: "info", priority: "normal" }, "email", night)).toMatchObject({
      action: "skip",
      reason: "not_chosen_for_type",
    });
    expect(decide(loaded.get(ben), { type: "info", priority: "normal" }, "wechat", night)).toMatchObject({
      action: "skip",
      reason: "channel_disabled",
    });
    expect(decide(loaded.get(ben), { type: "info", priority: "normal" }, "email", night).action).toBe("send");
  });
});
