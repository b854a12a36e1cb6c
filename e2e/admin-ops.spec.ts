// The console's operations pages: API keys, user CSV import, send logs, dev outbox, and the 403 for users.
import { expect, test } from "@playwright/test";
import { ADMIN, ALICE, BOB, api, sendTo, signIn } from "./fixtures";

const unique = (what: string) =>
  `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("an API key created in the console works until it is revoked there", async ({ page, request }) => {
  const name = unique("e2e key");
  await signIn(page, ADMIN, "/admin/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("checkbox", { name: /^notifications:read / }).check();
  await page.getByRole("button", { name: "Create key" }).click();

  const dialog = page.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog.getByText("this is the only time Herald shows it")).toBeVisible();
  const key = await dialog.getByLabel(`Key “${name}”`).inputValue();
  expect(key).toMatch(/^hk_/);

  const withKey = { headers: { Authorization: `Bearer ${key}` } };
  expect((await request.get("/api/v1/notifications", withKey)).status()).toBe(200);

  await dialog.getByRole("button", { name: "I have stored it" }).click();
  // Listed by prefix only, with its scopes; the key itself is never shown again.
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 8));
  await expect(row).toContainText("notifications:read");
  await expect(page.getByText(key)).toHaveCount(0);

  // Scopes are changed in place: the refused request names the scope, and adding it lets it through.
  const users = await request.get("/api/v1/users", withKey);
  expect(users.status()).toBe(403);
  expect((await users.json()).message).toBe("Missing scope: users:read");
  await page.getByRole("button", { name: `Edit scopes of ${name}` }).click();
  const scopes = page.getByRole("dialog", { name: `Scopes of “${name}”` });
  await scopes.getByRole("checkbox", { name: /^users:read / }).check();
  await scopes.getByRole("button", { name: "Save scopes" }).click();
  await expect(row).toContainText("users:read");
  expect((await request.get("/api/v1/users", withKey)).status()).toBe(200);

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("revoked");
  expect((await request.get("/api/v1/notifications", withKey)).status()).toBe(401);

  // Every change is in the audit log, under the admin who made it.
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("api_key.*");
  const rows = page.getByRole("row").filter({ hasText: name });
  for (const action of ["api_key.created", "api_key.updated"]) {
    const entry = rows.filter({ hasText: action });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(ADMIN.email);
  }
  await expect(page.getByRole("row").filter({ hasText: "api_key.revoked" }).first()).toContainText(
    ADMIN.email,
  );
});

test("a CSV import dry run shows the bad row and writes nothing; the import upserts the rest", async ({
  page,
  request,
}) => {
  const prefix = `imp${Date.now().toString(36)}`;
  const csv = [
    "id,email,phone,name,locale,timezone",
    `${prefix}-ann,${prefix}-ann@example.com,+15550001001,Ann ${prefix},en,Europe/Paris`,
    `${prefix}-ben,not-an-email,,Ben ${prefix},,`,
    `${prefix}-cat,${prefix}-cat@example.com,,Cat ${prefix},zh-CN,Asia/Shanghai`,
  ].join("\n");
  const search = () => api<{ total: number }>(request, "GET", `/api/v1/users?search=${prefix}`);

  await signIn(page, ADMIN, "/admin/users");
  await page.getByLabel("Or paste CSV").fill(csv);
  await page.getByRole("button", { name: "Check file (dry run)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 rows" })).toContainText(
    "2 would be created, 0 would be updated, 0 unchanged, 1 with errors will be skipped",
  );
  const errors = page.getByRole("table", { name: "Rows with errors" });
  await expect(errors.getByRole("row").nth(1)).toContainText("3");
  await expect(errors).toContainText("email");
  await expect(errors).toContainText("must be an email address");
  expect((await search()).total).toBe(0);

  await page.getByRole("button", { name: "Import 2 valid rows" }).click();
  await expect(page.getByRole("status").filter({ hasText: "were created" })).toContainText("2 were created");
  expect((await search()).total).toBe(2);

  // The list shows them; running the same file again changes nothing.
  await page.getByLabel("Search").fill(prefix);
  await expect(page.getByRole("link", { name: `${prefix}-ann` })).toBeVisible();
  await expect(page.getByRole("link", { name: `${prefix}-cat` })).toBeVisible();
  await page.getByRole("button", { name: "Check file (dry run)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 rows" })).toContainText(
    "0 would be created, 0 would be updated, 2 unchanged",
  );

  // A user's page: the imported profile and their (empty) log.
  await page.getByRole("link", { name: `${prefix}-cat` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${prefix}-cat`);
  await expect(page.getByText(`${prefix}-cat@example.com`)).toBeVisible();
  await expect(page.getByText("Asia/Shanghai").first()).toBeVisible();
  await expect(page.getByText("No notifications match these filters")).toBeVisible();
});

test("the logs show a notification sent through the API, and its deliveries in the drawer", async ({
  page,
  request,
}) => {
  const title = unique("Logged order");
  await sendTo(request, [ALICE.externalId], { title, type: "info", channels: ["app", "email"] });

  await signIn(page, ADMIN, "/admin/logs");
  const row = page.getByRole("row", { name: `${title} to ${ALICE.externalId}` });
  await expect(row).toBeVisible();
  await expect(row).toContainText("In-app, Email");
  await page.screenshot({ path: test.info().outputPath("admin-logs.png"), fullPage: true });

  await row.click();
  const drawer = page.getByRole("dialog", { name: "Notification details" });
  await expect(drawer.getByText(title)).toBeVisible();
  const deliveries = drawer.getByRole("region", { name: "Deliveries" });
  // No email provider in e2e: the dev outbox sends it (the drawer polls until the worker is done).
  await expect(deliveries).toContainText("Email");
  await expect(deliveries).toContainText("outbox", { timeout: 20_000 });
  await expect(deliveries).toContainText("sent");
  await expect(drawer.getByRole("region", { name: "Timeline" })).toContainText("Email via outbox: sent");
  // Each provider call is listed with its provider and outcome.
  await deliveries.getByText("Provider attempts").click();
  const attempts = deliveries.getByRole("list", { name: "Provider attempts" });
  await expect(attempts).toContainText("#1");
  await expect(attempts).toContainText("outbox");
  await expect(attempts).toContainText("sent");
  await page.screenshot({ path: test.info().outputPath("admin-logs-drawer.png"), fullPage: true });
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  // Live: a send made while the page is open shows up without a reload (the table polls).
  const later = unique("Live order");
  await sendTo(request, [ALICE.externalId], { title: later, type: "info" });
  await expect(page.getByRole("row", { name: `${later} to ${ALICE.externalId}` })).toBeVisible({
    timeout: 15_000,
  });

  // The CSV export of the current filter (the user), formula-safe, with the sent title in it.
  await page.getByLabel("User").fill(ALICE.externalId);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^herald-notifications-.*\.csv$/);
  const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toContain("created_at,id,user_id,title");
  expect(csv).toContain(title);
  expect(csv).not.toContain(",bob,");

  // The deliveries tab, filtered to the channel.
  await page.getByRole("tab", { name: "Deliveries" }).click();
  await page.getByLabel("Channel").selectOption("email");
  await expect(page.getByRole("row", { name: `email to ${ALICE.externalId}: sent` }).first()).toBeVisible();
  // The view is in the URL: a reload (or a shared link) opens the same tab and filter.
  await expect(page).toHaveURL(/\/admin\/logs\?tab=deliveries&channel=email$/);
  await page.reload();
  await expect(page.getByRole("tab", { name: "Deliveries" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Channel")).toHaveValue("email");
  await expect(page.getByRole("row", { name: /^Email to / }).first()).toBeVisible();
  await expect(page.getByRole("row", { name: /^In-app to / })).toHaveCount(0);
});

test("the dev outbox shows an email sent with the email channel", async ({ page, request }) => {
  const title = unique("Outbox receipt");
  await sendTo(request, [BOB.externalId], { title, type: "info", channels: ["email"] });
  await signIn(page, ADMIN, "/admin/outbox");
  const message = page.getByRole("listitem").filter({ hasText: title });
  await expect(message).toBeVisible({ timeout: 20_000 });
  await expect(message).toContainText("bob@herald.local");
  // The HTML part renders in a sandbox with no permissions at all.
  const frame = message.locator("iframe");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(page.frameLocator(`iframe[title*="${title}"]`).getByText(title).first()).toBeVisible();
});

test("an integration is added, tested, made default, renamed and deleted", async ({ page }) => {
  // The dev outbox provider on WeChat: harmless to the other specs (unconfigured WeChat goes there anyway).
  const name = unique("e2e wechat outbox");
  await signIn(page, ADMIN, "/admin/integrations");
  await page.getByRole("button", { name: "Add a provider" }).click();
  const form = page.getByRole("dialog", { name: "Add a provider" });
  await form.getByLabel("Provider").selectOption("outbox");
  await form.getByLabel("Channel").selectOption("wechat");
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create" }).click();

  // Within the page's main: the toasts are list items too; a card has its Edit button (the
  // failover order's rows name the integration too).
  const cards = page
    .getByRole("main")
    .getByRole("listitem")
    .filter({ has: page.getByRole("button", { name: "Edit" }) });
  const card = cards.filter({ hasText: name });
  await expect(card).toContainText("Dev outbox");
  await card.getByRole("button", { name: "Send test" }).click();
  const test_ = page.getByRole("dialog", { name: `Send a test through “${name}”` });
  await test_.getByLabel("Send to").fill("openid-e2e-test");
  await test_.getByRole("button", { name: "Send test" }).click();
  await expect(test_.getByRole("status")).toContainText("Sent.");
  await test_.getByRole("button", { name: "Close" }).click();

  await card.getByRole("button", { name: "Set default" }).click();
  await expect(card).toContainText("default");
  // It heads WeChat's failover order now, with its health.
  const order = page.getByRole("list", { name: "wechat failover order" });
  await expect(order.getByRole("listitem").first()).toContainText(name);
  await expect(order.getByRole("listitem").first()).toContainText("healthy");

  await card.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit “${name}”` });
  await expect(edit.getByLabel("Provider")).toBeDisabled();
  await edit.getByLabel("Name").fill(`${name} renamed`);
  await edit.getByRole("button", { name: "Save" }).click();
  const renamed = cards.filter({ hasText: `${name} renamed` });
  await expect(renamed).toContainText("default");

  await renamed.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: /^Delete/ })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(renamed).toHaveCount(0);
});

test("integration secrets are write-only: never shown, kept when left blank", async ({ page }) => {
  // Not the default and inactive: nothing sends through it, so the other specs are unaffected.
  const name = unique("e2e resend");
  const secret = `re_e2e_${Date.now()}_secret`;
  await signIn(page, ADMIN, "/admin/integrations");
  await page.getByRole("button", { name: "Add a provider" }).click();
  const form = page.getByRole("dialog", { name: "Add a provider" });
  await form.getByLabel("Provider").selectOption("resend");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("From").fill("E2E <e2e@example.com>");
  await form.getByLabel("API key").fill(secret);
  await form.getByLabel("Active").uncheck();
  await form.getByRole("button", { name: "Create" }).click();

  const card = page.getByRole("main").getByRole("listitem").filter({ hasText: name });
  await expect(card).toContainText("api_key (stored, hidden)");
  await expect(card).toContainText("inactive");
  await card.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit “${name}”` });
  await expect(edit.getByLabel("API key")).toHaveValue("");
  await expect(edit).toContainText("Leave blank to keep the stored value");
  await edit.getByLabel("From").fill("E2E Ops <ops@example.com>");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(card).toContainText("E2E Ops <ops@example.com>");
  await expect(card).toContainText("api_key (stored, hidden)");
  await expect(page.getByText(secret)).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await card.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: /^Delete/ })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(card).toHaveCount(0);
});

test("a channel's failover order is changed with the keyboard buttons and shows each provider's health", async ({
  page,
  request,
}) => {
  // Dev outbox providers on WeChat: harmless to the other specs (unconfigured WeChat goes there anyway).
  const first = unique("e2e wechat first");
  const second = unique("e2e wechat second");
  const created: string[] = [];
  for (const name of [second, first]) {
    const row = await api<{ id: string }>(request, "POST", "/api/v1/integrations", {
      provider: "outbox",
      channel: "wechat",
      name,
      is_default: true,
    });
    created.push(row.id);
  }
  await signIn(page, ADMIN, "/admin/integrations");
  const order = page.getByRole("list", { name: "wechat failover order" });
  // Each default went to the front: the last one made default sends first.
  await expect(order.getByRole("listitem").nth(0)).toContainText(first);
  await expect(order.getByRole("listitem").nth(1)).toContainText(second);
  await expect(order.getByRole("listitem").nth(0)).toContainText("healthy");

  await page.getByRole("button", { name: `Move ${second} up` }).click();
  await expect(order.getByRole("listitem").nth(0)).toContainText(second);
  await expect(order.getByRole("listitem").nth(1)).toContainText(first);
  const chains = await api<{ chains: { channel: string; members: { integration_id: string }[] }[] }>(
    request,
    "GET",
    "/api/v1/integrations/chains",
  );
  const wechat = chains.chains.find((c) => c.channel === "wechat")!;
  expect(wechat.members.slice(0, 2).map((m) => m.integration_id)).toEqual([created[0], created[1]]);

  // Out of the order, it stays configured and can be added back.
  await page.getByRole("button", { name: `Take ${first} out of the chain` }).click();
  await expect(order).not.toContainText(first);
  await page.getByRole("button", { name: `Add ${first}` }).click();
  await expect(order.getByRole("listitem").last()).toContainText(first);

  for (const id of created) await api(request, "DELETE", `/api/v1/integrations/${id}`);
});

test("a user gets the 403 page in the console and 403 from an admin API", async ({ page }) => {
  await signIn(page, ALICE, "/admin/logs");
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  expect((await page.request.get("/api/v1/audit-log")).status()).toBe(403);
  expect((await page.request.get("/api/v1/deliveries/export")).status()).toBe(403);
});
