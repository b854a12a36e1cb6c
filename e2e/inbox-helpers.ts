// What the inbox, embed and settings specs share: the bell's locators, waiting for the live
// connection, and sends to one fresh user.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { api, sendTo, type Account } from "./fixtures";

export type User = Account & { externalId: string };

export const bell = (page: Page) => page.getByRole("button", { name: /^Notifications/ });
export const badge = (page: Page) => page.getByTestId("unread-badge");
export const dropdown = (page: Page) => page.getByRole("dialog", { name: "Notifications" });
/** The notifications in the inbox's list (not the bell's, not toasts). */
export const rows = (page: Page) =>
  page.getByRole("list", { name: "Notifications", exact: true }).getByRole("listitem");
export const row = (page: Page, title: string) => rows(page).filter({ hasText: title });

/** Waits until the page's shared socket is up: from then on live events reach it. */
export async function live(page: Page): Promise<void> {
  await expect(page.locator("[data-realtime]").first()).toHaveAttribute("data-realtime", "connected", {
    timeout: 15_000,
  });
}

/** A title no other test uses. */
export const unique = (what: string) =>
  `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** Sends one in-app notification to `who` and returns its id. */
export async function send(
  request: APIRequestContext,
  who: User,
  title: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const res = await sendTo(request, [who.externalId], { title, type: "info", ...fields });
  return res.notifications![0]!.id;
}

/** A subscriber token for `who`, as a host app's backend would mint it. */
export async function subscriberToken(request: APIRequestContext, who: User): Promise<string> {
  return (await api<{ token: string }>(request, "POST", `/api/v1/users/${who.externalId}/token`, {})).token;
}

/** Announcements for everyone count in every badge: take down any that another spec left published. */
export async function archivePublishedAnnouncements(request: APIRequestContext): Promise<void> {
  const { announcements } = await api<{ announcements: { id: string }[] }>(
    request,
    "GET",
    "/api/v1/announcements?status=published&page_size=100",
  );
  for (const a of announcements) await api(request, "POST", `/api/v1/announcements/${a.id}/archive`);
}

/** The server's socket count once it stops moving (pages closed just before may still be leaving). */
export async function settledSocketCount(request: APIRequestContext): Promise<number> {
  const read = async () =>
    ((await (await request.get("/health")).json()) as { websocket_connections: number })
      .websocket_connections;
  // Settled = unchanged for 1.5 s: sockets of the previous test's closed pages may still be going.
  let last = await read();
  let sameFor = 0;
  for (let i = 0; i < 40 && sameFor < 6; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await read();
    sameFor = now === last ? sameFor + 1 : 0;
    last = now;
  }
  return last;
}
