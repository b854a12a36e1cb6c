// The embeddable inbox: /embed/inbox?token=… with a subscriber token, and public/herald-embed.js
// mounting the bell in a page of another site.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { API_KEY, api, createUser } from "./fixtures";
import {
  archivePublishedAnnouncements,
  live,
  row,
  rows,
  send,
  subscriberToken,
  unique,
} from "./inbox-helpers";

test.beforeAll(async ({ request }) => archivePublishedAnnouncements(request));

test("the embed page shows the token's user their inbox, live", async ({ page, request }) => {
  const user = await createUser(request, "embed");
  const other = await createUser(request, "embed-other");
  const token = await subscriberToken(request, user);
  const first = unique("Embedded hello");
  await send(request, user, first);
  await send(request, other, unique("Not for this inbox"));

  await page.goto(`/embed/inbox?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(row(page, first)).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
  await live(page);

  const second = unique("Arrived live");
  await send(request, user, second);
  await expect(row(page, second)).toBeVisible();
  await row(page, second).getByRole("button", { name: "Mark as read" }).click();
  await expect(row(page, second).getByRole("button", { name: "Mark as unread" })).toBeVisible();
  await page.reload();
  await expect(row(page, second).getByRole("button", { name: "Mark as unread" })).toBeVisible();
});

test("the embed page refuses a bad token, an API key and no token", async ({ page }) => {
  const cases: [string, string][] = [
    ["token=not-a-token", "not valid or has expired"],
    [`token=${API_KEY}`, "not valid or has expired"],
    ["", "token is missing"],
  ];
  for (const [query, reason] of cases) {
    await page.goto(`/embed/inbox?${query}`);
    await expect(page.getByRole("alert").filter({ hasText: "This inbox cannot be shown." })).toContainText(
      reason,
    );
    await expect(page.getByRole("heading", { name: "Notifications" })).toHaveCount(0);
  }
});

test("herald-embed.js mounts a live bell in another site's page", async ({ page, request, baseURL }) => {
  const user = await createUser(request, "host");
  const token = await subscriberToken(request, user);
  const title = unique("Your order shipped");
  await send(request, user, title, { metadata: { action_url: "/shop/orders/7", action_text: "View order" } });

  // The host app: another origin on this machine (a real server, so Chromium sees a loopback page
  // loading from loopback; a page fulfilled by page.route counts as public and may not).
  const shop = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" })
      .end(`<!doctype html><html><head><title>Shop</title></head><body style="margin:0;font-family:sans-serif">
        <header style="display:flex;justify-content:space-between;align-items:center;padding:8px 16px;background:#eef">
          <strong>Shop</strong><span id="count">-</span><div id="herald-bell"></div>
        </header>
        <main style="padding:16px">Page: <span id="path"></span></main>
        <script src="${baseURL}/herald-embed.js"></script>
        <script>
          document.getElementById("path").textContent = location.pathname;
          HeraldEmbed.mount("#herald-bell", {
            token: ${JSON.stringify(token)},
            onUnreadCount: (n) => (document.getElementById("count").textContent = "unread " + n),
          });
        </script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  const shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const host = `${shopOrigin}/shop`;
  // The embed page may be framed only by the origins the tenant allows.
  await api(request, "PUT", "/api/v1/tenant/settings", { embed_origins: [shopOrigin] });
  await page.goto(`${host}/account`);
  const frame = page.frameLocator('iframe[title="Notifications"]');
  await expect(frame.getByTestId("unread-badge")).toHaveText("1");
  await expect(page.locator("#count")).toHaveText("unread 1");

  const second = unique("Back in stock");
  await send(request, user, second);
  await expect(frame.getByTestId("unread-badge")).toHaveText("2");
  await expect(page.locator("#count")).toHaveText("unread 2");

  const iframe = page.locator('iframe[title="Notifications"]');
  const closed = (await iframe.boundingBox())!;
  await frame.getByRole("button", { name: /^Notifications/ }).click();
  await expect(frame.getByRole("dialog", { name: "Notifications" }).getByText(title)).toBeVisible();
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThan(closed.height + 200);
  await page.screenshot({ path: test.info().outputPath("embed-bell-open.png") });

  // A click in the host page closes it.
  await page.locator("main").click();
  await expect(frame.getByRole("dialog")).toHaveCount(0);
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBe(closed.height);

  // Clicking a notification marks it read and the host follows its (relative) link.
  await frame.getByRole("button", { name: /^Notifications/ }).click();
  await frame.getByRole("dialog").getByRole("button").filter({ hasText: title }).click();
  await expect(page).toHaveURL(`${host}/orders/7`);
  await expect(page.locator("#path")).toHaveText("/shop/orders/7");
  await expect(page.locator("#count")).toHaveText("unread 1");

  // "View all" turns the bell into the full inbox, in a larger frame, and back.
  await frame.getByRole("button", { name: /^Notifications/ }).click();
  await frame.getByRole("button", { name: "View all" }).click();
  await expect(frame.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(frame.getByRole("tab", { name: "Unread" })).toBeVisible();
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThan(500);
  await frame.getByRole("button", { name: "Back", exact: true }).click();
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBe(closed.height);
  shop.close();
});
