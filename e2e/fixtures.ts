// What the specs share: the demo accounts, the bootstrap API key the e2e server starts with
// (playwright.config.ts), sign-in, and REST calls made as a backend service would make them.
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@herald.local", password: "herald-admin" };
export const ALICE = { email: "alice@herald.local", password: "alice-password", externalId: "alice" };
export const BOB = { email: "bob@herald.local", password: "bob-password", externalId: "bob" };
export const API_KEY = "hk_e2e_0123456789abcdef0123456789abcdef";

export type Account = { email: string; password: string };

/** Signs in through the login form and waits until the app has navigated away from it. */
export async function signIn(page: Page, who: Account, path = "/inbox"): Promise<void> {
  await page.goto(`/login?callbackUrl=${path}`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Calls the REST API with the bootstrap API key and returns `data`; fails the test on an error status. */
export async function api<T = unknown>(
  request: APIRequestContext,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${API_KEY}`, ...headers },
    data: body,
  });
  const text = await res.text();
  expect(res.ok(), `${method} ${path} → ${res.status()} ${text}`).toBe(true);
  return (JSON.parse(text) as { data: T }).data;
}

/** A REST send to users by their external ids, with a title unique to the calling test. */
export async function sendTo(
  request: APIRequestContext,
  userIds: string[],
  fields: Record<string, unknown> & { title: string },
): Promise<{ count: number; notifications?: { id: string; user_id: string; status: string }[] }> {
  return api(request, "POST", "/api/v1/notifications", {
    content: "Sent by the e2e suite",
    ...fields,
    user_ids: userIds,
  });
}

/** A fresh user with a password, so a spec's counts are not disturbed by the others' sends. */
export async function createUser(
  request: APIRequestContext,
  name: string,
  role: "user" | "admin" = "user",
): Promise<Account & { externalId: string }> {
  const externalId = `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const who = { email: `${externalId}@e2e.herald.local`, password: `${externalId}-password`, externalId };
  await api(request, "PUT", `/api/v1/users/${externalId}`, {
    email: who.email,
    name,
    password: who.password,
    role,
  });
  return who;
}
