// GET /api/v1/preferences/workflows and its service counterpart: what a preferences page may offer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv } from "@/lib/env";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_pref_workflows_test_super_key_012345";
const H = bearer(KEY);
const as = (user: string, key = KEY) => ({ ...bearer(key), "X-User-Id": user });
const own = (headers: Record<string, string>) => api("GET", "/api/v1/preferences/workflows", { headers });
const ofUser = (user: string, headers: Record<string, string> = H) =>
  api("GET", `/api/v1/users/${user}/preferences/workflows`, { headers });

const inapp = { id: "inapp", type: "in_app", title: "Hi", content: "{{ payload.text }}" };
const email = { id: "email", type: "email", subject: "Hi", html: "<p>{{ payload.text }}</p>" };
const sms = { id: "sms", type: "sms", text: "{{ payload.text }}" };
const wait = { id: "wait", type: "delay", amount: 5, unit: "minutes" };

describe("the workflows a user may choose", () => {
  let t: TestDatabase;
  let keyB: string;

  const createWorkflow = async (body: Record<string, unknown>, headers = H) => {
    const res = await api("POST", "/api/v1/workflows", { headers, body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  };
  const keyWith = async (scopes: string[]) =>
    (await api("POST", "/api/v1/api-keys", { headers: H, body: { name: scopes.join(" "), scopes } })).json
      .data.key as string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    await api("PUT", "/api/v1/users/ann", { headers: H, body: {} });
    const b = await api("POST", "/api/v1/tenants", { headers: H, body: { slug: "other", name: "Other" } });
    keyB = b.json.data.api_key.key;
    await api("PUT", "/api/v1/users/bea", { headers: bearer(keyB), body: {} });

    await createWorkflow({
      key: "comment.created",
      name: "New comment",
      description: "In-app at once, email later",
      category: "comments",
      steps: [inapp, wait, { ...email, if: "steps.inapp.notification.read == false" }],
    });
    await createWorkflow({ key: "mention", name: "Mention", category: "comments", steps: [inapp] });
    await createWorkflow({
      key: "security.login",
      name: "New sign-in",
      category: "account",
      critical: true,
      steps: [sms, inapp],
    });
    await createWorkflow({ key: "weekly.summary", name: "Weekly summary", steps: [email] });
    await createWorkflow({ key: "paused", name: "Paused", category: "comments", steps: [inapp] });
    await api("PUT", "/api/v1/workflows/paused", { headers: H, body: { is_active: false } });
    await createWorkflow({ key: "gone", name: "Gone", category: "comments", steps: [inapp] });
    await api("DELETE", "/api/v1/workflows/gone", { headers: H });
    // A later version changes the steps: the current one's channels are listed.
    await api("PUT", "/api/v1/workflows/mention", { headers: H, body: { steps: [inapp, sms] } });
    await createWorkflow(
      { key: "other.tenant", name: "Not yours", category: "comments", steps: [inapp] },
      bearer(keyB),
    );
  });
  afterAll(async () => t.drop());

  const expected = [
    {
      key: "security.login",
      name: "New sign-in",
      description: null,
      category: "account",
      critical: true,
      channels: ["app", "sms"],
    },
    {
      key: "mention",
      name: "Mention",
      description: null,
      category: "comments",
      critical: false,
      channels: ["app", "sms"],
    },
    {
      key: "comment.created",
      name: "New comment",
      description: "In-app at once, email later",
      category: "comments",
      critical: false,
      channels: ["app", "email"],
    },
    {
      key: "weekly.summary",
      name: "Weekly summary",
      description: null,
      category: null,
      critical: false,
      channels: ["email"],
    },
  ];

  it("lists the tenant's active workflows by category then name, critical flagged, with their channels", async () => {
    const res = await own(as("ann"));
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ workflows: expected });
  });

  it("gives a subscriber token and the service the same list", async () => {
    const token = await api("POST", "/api/v1/users/ann/token", { headers: H, body: {} });
    expect((await own(bearer(token.json.data.token))).json.data.workflows).toEqual(expected);
    const res = await ofUser("ann", bearer(await keyWith(["users:read"])));
    expect(res.status).toBe(200);
    expect(res.json.data.workflows).toEqual(expected);
  });

  it("never shows another tenant's workflows, nor its users", async () => {
    const b = await own(as("bea", keyB));
    expect(b.status).toBe(200);
    expect(b.json.data.workflows.map((w: { key: string }) => w.key)).toEqual(["other.tenant"]);
    expect((await ofUser("ann", bearer(keyB))).status).toBe(404);
    expect((await ofUser("bea")).status).toBe(404);
    expect((await own(as("bea"))).status).toBe(404);
  });

  it("refuses a caller without the scope, an API key acting for nobody, and no credentials", async () => {
    const workflowsOnly = await keyWith(["workflows:read"]);
    const svc = await ofUser("ann", bearer(workflowsOnly));
    expect(svc.status).toBe(403);
    expect(svc.json.message).toBe("Missing scope: users:read");
    const acting = await own(as("ann", workflowsOnly));
    expect(acting.status).toBe(403);
    expect(acting.json.message).toBe("Missing scope: users:impersonate");
    expect((await own(H)).status).toBe(403);
    expect((await own({})).status).toBe(401);
    expect((await ofUser("ann", {})).status).toBe(401);
  });
});
