// Account takeover: a service key may register recipients but not re-point the credentials of
// someone who can sign in; OAuth links by provider account id, never by email; a deleted user
// comes back only by an explicit restore.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-key-store";
import { findOAuthAccount, signInWithOAuth as signInWith } from "@/lib/auth/oauth-identities";
import type { ApiKeyScope } from "@/lib/vocabulary/scopes";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, userIdentities, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SYSTEM = { type: "system" as const, id: null };

/** OAuth sign-in with sign-up open to anyone: these tests are about linking, not the sign-up gate. */
const signInWithOAuth = (...[db, provider, profile]: Parameters<typeof signInWith>) =>
  signInWith(db, provider, profile, ["*"]);

describe("no account takeover", () => {
  let t: TestDatabase;
  let tenantId: string;
  let writer: { key: string; id: string };
  let adminKey: string;

  const newKey = async (name: string, scopes: ApiKeyScope[]) => {
    const { key, record } = await createApiKey(t.database.db, tenantId, { name, scopes }, SYSTEM);
    return { key, id: record.id };
  };

  const user = (externalId: string) =>
    t.database.db.query.users.findFirst({
      where: (u, { and, eq }) => and(eq(u.tenantId, tenantId), eq(u.externalId, externalId)),
    });

  const put = (key: string, externalId: string, body: Record<string, unknown>) =>
    api("PUT", `/api/v1/users/${externalId}`, {
      headers: bearer(key),
      body,
    });

  const del = (key: string, externalId: string) =>
    api("DELETE", `/api/v1/users/${externalId}`, {
      headers: bearer(key),
    });

  const restore = (key: string, externalId: string) =>
    api("POST", `/api/v1/users/${externalId}/restore`, {
      headers: bearer(key),
    });

  const auditOf = (externalId: string, action: string) =>
    t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, externalId), eq(auditLog.action, action)));

  beforeAll(async () => {
    t = await createTestDatabase();
    const boot = await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", SEED_DEMO: "true" }));
    tenantId = boot.tenant.id;
    writer = await newKey("directory sync", ["users:write"]);
    adminKey = (await newKey("ops", ["admin"])).key;
  });
  afterAll(async () => t.drop());

  describe("changing who can sign in", () => {
    it("a users:write key cannot change a sign-in user's email: 403, unchanged, audited", async () => {
      const res = await put(writer.key, "alice", { email: "mallory@evil.example", name: "Alice" });
      expect(res.status).toBe(403);
      expect(res.json.message).toMatch(/email/);
      expect(res.json.errors).toEqual([{ field: "email", message: expect.any(String) }]);
      const alice = (await user("alice"))!;
      expect(alice.email).toBe("alice@herald.local");
      expect(alice.name).toBe("Alice Example"); // nothing of the request was written
      const refused = await auditOf("alice", "user.change_refused");
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        actorType: "api_key",
        actorId: writer.id,
        data: { fields: ["email"] },
      });
    });

    it("nor a phone, a password or a role; it may still change profile fields", async () => {
      expect((await put(writer.key, "alice", { phone: "+15550009999" })).status).toBe(403);
      const escalate = await put(writer.key, "alice", { password: "taken-over-123", role: "admin" });
      expect(escalate.status).toBe(403);
      expect(escalate.json.errors.map((e: { field: string }) => e.field)).toEqual(["password", "role"]);
      expect(await auditOf("alice", "user.change_refused")).toHaveLength(3);

      // Sending the stored email again (a full-profile sync) is no change.
      const profile = await put(writer.key, "alice", { email: "alice@herald.local", locale: "fr" });
      expect(profile.status).toBe(200);
      const alice = (await user("alice"))!;
      expect(alice).toMatchObject({ locale: "fr", phone: null, role: "user" });
    });

    it("with the admin scope the same change is allowed", async () => {
      const res = await put(adminKey, "alice", { email: "alice@new.example" });
      expect(res.status).toBe(200);
      expect(res.json.data.email).toBe("alice@new.example");
      expect((await user("alice"))!.email).toBe("alice@new.example");
    });

    it("a recipient who cannot sign in stays the key's to register and change", async () => {
      const created = await put(writer.key, "recipient-1", {
        email: "r1@example.com",
        phone: "+15550001234",
      });
      expect(created.status).toBe(200);
      expect(created.json.data).toMatchObject({ email: "r1@example.com", has_password: false, role: "user" });
      const changed = await put(writer.key, "recipient-1", { email: "r1@other.example" });
      expect(changed.status).toBe(200);
      expect((await user("recipient-1"))!.email).toBe("r1@other.example");
    });

    it("a users:write key cannot delete someone who can sign in, but can delete a recipient", async () => {
      const refused = await del(writer.key, "bob");
      expect(refused.status).toBe(403);
      expect((await user("bob"))!.deletedAt).toBeNull();
      expect(await auditOf("bob", "user.change_refused")).toHaveLength(1);
      expect((await del(writer.key, "recipient-1")).status).toBe(200);
      expect((await user("recipient-1"))!.deletedAt).not.toBeNull();
    });
  });

  describe("OAuth sign-in", () => {
    it("a first sign-in with the admin's email creates a new plain user; the admin row is untouched", async () => {
      const before = (await user("admin"))!;
      expect(before.role).toBe("admin");
      const account = await signInWithOAuth(t.database.db, "github", {
        accountId: "4242",
        email: before.email,
        name: "Not The Admin",
      });
      expect(account).not.toBeNull();
      expect(account!.id).not.toBe(before.id);
      expect(account).toMatchObject({
        tenantId,
        externalId: "github:4242",
        email: before.email,
        role: "user",
      });
      expect(await user("admin")).toEqual(before);

      // The provider now reports another address: still the same Herald user, found by account id.
      const again = await signInWithOAuth(t.database.db, "github", {
        accountId: "4242",
        email: "someone-else@example.com",
        name: "Renamed",
      });
      expect(again!.id).toBe(account!.id);
      expect((await findOAuthAccount(t.database.db, "github", "4242"))!.id).toBe(account!.id);
      const identities = await t.database.db
        .select()
        .from(userIdentities)
        .where(eq(userIdentities.providerAccountId, "4242"));
      expect(identities).toHaveLength(1);
      expect(await auditOf("github:4242", "user.signed_up")).toHaveLength(1);
    });

    it("an OAuth user can sign in, so a users:write key cannot re-point its email", async () => {
      const res = await put(writer.key, "github:4242", { email: "mallory@evil.example" });
      expect(res.status).toBe(403);
      expect((await user("github:4242"))!.email).toBe("admin@herald.local");
    });

    it("never links to a row a service created under the same external id", async () => {
      expect((await put(writer.key, "google:777", { email: "victim@example.com" })).status).toBe(200);
      const planted = (await user("google:777"))!;
      const account = await signInWithOAuth(t.database.db, "google", {
        accountId: "777",
        email: "victim@example.com",
        name: null,
      });
      expect(account!.id).not.toBe(planted.id);
      expect(account!.externalId).toMatch(/^google:777:[0-9a-f]{8}$/);
    });

    it("concurrent first sign-ins of one account end with one user", async () => {
      const profile = { accountId: "31337", email: "race@example.com", name: "Racer" };
      const accounts = await Promise.all(
        Array.from({ length: 4 }, () => signInWithOAuth(t.database.db, "github", profile)),
      );
      expect(new Set(accounts.map((a) => a!.id)).size).toBe(1);
      const rows = await t.database.db.select().from(users).where(eq(users.email, "race@example.com"));
      expect(rows).toHaveLength(1);
    });

    it("creates accounts only for the operator's sign-up domains (none by default)", async () => {
      const newcomer = { accountId: "5150", email: "newcomer@other.example", name: "Newcomer" };
      expect(await signInWith(t.database.db, "github", newcomer)).toBeNull();
      expect(await signInWith(t.database.db, "github", newcomer, ["herald.example"])).toBeNull();
      expect(
        await signInWith(t.database.db, "github", { ...newcomer, email: null }, ["other.example"]),
      ).toBeNull();
      expect(await user("github:5150")).toBeUndefined();
      const created = await signInWith(t.database.db, "github", newcomer, ["other.example"]);
      expect(created).toMatchObject({ externalId: "github:5150", role: "user" });
      // Once linked, the account signs in whatever the sign-up rule says now.
      expect((await signInWith(t.database.db, "github", newcomer, []))!.id).toBe(created!.id);
    });

    it("a deleted OAuth user is refused, not recreated", async () => {
      const account = (await signInWithOAuth(t.database.db, "github", {
        accountId: "9001",
        email: null,
        name: "Short-lived",
      }))!;
      expect(account.email).toBeNull();
      expect((await del(adminKey, account.externalId)).status).toBe(200);
      expect(
        await signInWithOAuth(t.database.db, "github", { accountId: "9001", email: null, name: null }),
      ).toBeNull();
      const rows = await t.database.db.select().from(users).where(eq(users.name, "Short-lived"));
      expect(rows).toHaveLength(1);
    });
  });

  describe("soft-deleted users", () => {
    it("PUT on a deleted user is a 409 and leaves it deleted; restore brings it back", async () => {
      expect(
        (await put(adminKey, "carol", { email: "carol@example.com", password: "carol-password" })).status,
      ).toBe(200);
      expect((await del(adminKey, "carol")).status).toBe(200);

      for (const key of [writer.key, adminKey]) {
        const res = await put(key, "carol", { name: "Carol Again" });
        expect(res.status).toBe(409);
        expect(res.json.message).toBe("User was deleted: restore it with POST /api/v1/users/carol/restore");
      }
      const still = (await user("carol"))!;
      expect(still.deletedAt).not.toBeNull();
      expect(still.name).toBeNull();

      // A send to the deleted user's id neither undeletes nor recreates it, and reaches nobody.
      const sender = await newKey("sender", ["notifications:send"]);
      const sent = await api("POST", "/api/v1/notifications", {
        headers: bearer(sender.key),
        body: {
          user_ids: ["carol", "carol-friend"],
          title: "Hello",
          content: "Still there?",
          type: "info",
        },
      });
      expect(sent.status).toBe(200);
      expect(sent.json.data.count).toBe(1);
      expect(sent.json.data.notifications.map((n: { user_id: string }) => n.user_id)).toEqual([
        "carol-friend",
      ]);
      const carols = await t.database.db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "carol")));
      expect(carols).toHaveLength(1);
      expect(carols[0]!.deletedAt).not.toBeNull();

      expect((await restore(writer.key, "carol")).status).toBe(403);
      expect((await user("carol"))!.deletedAt).not.toBeNull();

      const restored = await restore(adminKey, "carol");
      expect(restored.status).toBe(200);
      expect(restored.json.data).toMatchObject({
        user_id: "carol",
        email: "carol@example.com",
        has_password: true,
      });
      expect((await user("carol"))!.deletedAt).toBeNull();
      expect(
        (
          await api("GET", "/api/v1/users/carol", {
            headers: bearer(adminKey),
          })
        ).status,
      ).toBe(200);
      expect(await auditOf("carol", "user.restored")).toHaveLength(1);
      expect((await put(writer.key, "carol", { name: "Carol" })).status).toBe(200);
    });

    it("the CSV import reports a deleted user and leaves it deleted", async () => {
      expect((await del(adminKey, "recipient-2")).status).toBe(404);
      expect((await put(writer.key, "recipient-2", { name: "R2" })).status).toBe(200);
      expect((await del(writer.key, "recipient-2")).status).toBe(200);
      const imported = await api("POST", "/api/v1/users/import?dry_run=false", {
        headers: { ...bearer(adminKey), "content-type": "text/csv" },
        rawBody: "id,email\nrecipient-2,r2@example.com\nrecipient-3,r3@example.com\n",
      });
      expect(imported.status).toBe(200);
      expect(imported.json.data).toMatchObject({ created: 1, updated: 0, skipped: 1 });
      expect(imported.json.data.errors).toEqual([
        { row: 2, field: "id", message: expect.stringMatching(/restore/) },
      ]);
      expect((await user("recipient-2"))!).toMatchObject({ email: null });
      expect((await user("recipient-2"))!.deletedAt).not.toBeNull();
    });

    it("restoring an unknown user is a 404; restoring a live one changes nothing", async () => {
      expect((await restore(adminKey, "nobody-here")).status).toBe(404);
      const live = await restore(adminKey, "bob");
      expect(live.status).toBe(200);
      expect(await auditOf("bob", "user.restored")).toHaveLength(0);
    });
  });
});
