// The console's dashboard and template editor, as an admin uses them; and a user kept out.
import { expect, test } from "@playwright/test";
import { ADMIN, ALICE, api, sendTo, signIn } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("the dashboard shows today's figures and delivery health, refreshing live", async ({
  page,
  request,
}) => {
  // Something to count, whatever the other specs sent before.
  await sendTo(request, ["alice"], {
    title: `Dashboard ${unique()}`,
    type: "info",
    channels: ["app", "email"],
  });
  await signIn(page, ADMIN, "/admin");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();

  const sentToday = page.getByRole("group", { name: "Sent today" });
  await expect(sentToday).toBeVisible();
  const sent = Number((await sentToday.getByTestId("stat-value").innerText()).replace(/\D/g, ""));
  expect(sent).toBeGreaterThanOrEqual(1);
  for (const card of ["Delivered", "Failed today", "Read rate", "Live connections"]) {
    await expect(page.getByRole("group", { name: card })).toBeVisible();
  }
  await expect(page.getByText(/^Live · updated/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sends per channel, last 24 hours" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Delivery success by channel" })).toBeVisible();
  // Each channel's provider with its circuit (no email provider in e2e: the dev outbox sends it).
  await expect(page.getByRole("heading", { name: "Provider circuits (this server)" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Email outbox \(environment\) closed: sending/ })).toBeVisible();

  // A new send shows up without reloading (the page polls every 10 s).
  await sendTo(request, ["bob"], { title: `Dashboard live ${unique()}`, type: "info" });
  await expect
    .poll(async () => Number((await sentToday.getByTestId("stat-value").innerText()).replace(/\D/g, "")), {
      timeout: 20_000,
    })
    .toBeGreaterThan(sent);

  await page.getByRole("button", { name: "Last 14 days" }).click();
  await expect(page.getByRole("button", { name: "Last 14 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("heading", { name: "Sends per channel, last 14 days" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("admin-dashboard.png"), fullPage: true });
});

test("an admin creates a template, previews it, sees Liquid errors inline and restores a version", async ({
  page,
}) => {
  const code = `e2e_order_${unique()}`;
  await signIn(page, ADMIN, "/admin/templates");
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { name: "New template" })).toBeVisible();

  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Name", { exact: true }).fill("E2E order status");
  await page.getByLabel("Title", { exact: true }).fill("Order {{ order_id }} {{ event }}");
  await page.getByLabel("Content", { exact: true }).fill("Your order {{ order_id }} was {{ event }}.");
  // Variables are found as the content is typed, before anything is saved.
  const variables = page.getByRole("table", { name: "Detected variables" });
  await expect(variables.getByRole("row", { name: /order_id/ })).toContainText("new");
  await expect(variables.getByRole("row", { name: /event/ })).toContainText("new");
  await page.getByRole("button", { name: "Create template" }).click();
  await page.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "E2E order status", level: 1 })).toBeVisible();

  // Saved: both variables are known; the preview renders the sample values typed for them.
  await expect(variables.getByRole("cell", { name: "order_id", exact: true })).toBeVisible();
  await expect(variables.getByRole("cell", { name: "event", exact: true })).toBeVisible();
  const samples = page.getByRole("group", { name: "Sample values" });
  await samples.getByLabel("order_id").fill("1024");
  await samples.getByLabel("event").fill("shipped");
  await expect(page.getByTestId("preview-app-title")).toHaveText("Order 1024 shipped");
  await expect(page.getByTestId("preview-app-content")).toHaveText("Your order 1024 was shipped.");

  // An unclosed tag: not saved, and the error sits under the field with its line and column.
  const content = page.getByLabel("Content", { exact: true });
  await content.fill("Your order {{ order_id }} was {% if event %}{{ event }}.");
  // Shown as typed, then refused by the server on save with the same position.
  await expect(content).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/Liquid syntax error at line 1, column 31: /)).toBeVisible();
  await expect(page.getByText("Fix the Liquid error in the content to see the preview.")).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(content).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/Liquid syntax error at line 1, column 31: /)).toBeVisible();
  await expect(page.getByText("Not saved: 1 problem to fix.")).toBeVisible();

  // The preview follows the content as it is typed, before it is saved.
  await content.fill("Your order {{ order_id }} is now {{ event }}.");
  await expect(page.getByTestId("preview-app-content")).toHaveText("Your order 1024 is now shipped.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(content).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("v2", { exact: true })).toBeVisible();

  // SMS: its own text, with the character and segment count.
  await page.getByRole("tab", { name: "SMS" }).click();
  await page.getByRole("button", { name: "Add SMS content" }).click();
  await page.getByLabel("Text", { exact: true }).fill("Order {{ order_id }}: {{ event }}");
  await expect(page.getByTestId("preview-sms-text")).toHaveText("Order 1024: shipped");
  await expect(page.getByTestId("sms-count")).toHaveText("19 characters · 1 segment");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("v3", { exact: true })).toBeVisible();
  await page.getByRole("tab", { name: "In-app" }).click();

  // History: v1 against the current version, then restore it as a new version.
  await page.getByRole("tab", { name: /History/ }).click();
  await page.getByRole("button", { name: /^v1\b/ }).click();
  const diff = page.getByLabel(/Diff between v1 and v3/);
  await expect(diff).toContainText("Your order {{ order_id }} was {{ event }}.");
  await expect(diff).toContainText("Your order {{ order_id }} is now {{ event }}.");
  await page.getByRole("button", { name: "Restore v1" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Restored v1 as v4")).toBeVisible();
  await expect(content).toHaveValue("Your order {{ order_id }} was {{ event }}.");
  // v1 had no SMS content, so neither has the restored version.
  await page.getByRole("tab", { name: "SMS" }).click();
  await expect(page.getByRole("button", { name: "Add SMS content" })).toBeVisible();
  await page.getByRole("tab", { name: "In-app" }).click();

  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByTestId("preview-app-content")).toHaveText("Your order 1024 was shipped.");
  await expect(page.getByText("Restored v1 as v4")).toBeHidden({ timeout: 10_000 });
  // From the top, so the sticky preview sits beside the form in the picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath("admin-template-editor.png"), fullPage: true });

  // Deactivate, then delete with confirmation: the list no longer has it.
  await page.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(page.getByRole("button", { name: "Activate", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(/\/admin\/templates$/);
  await page.getByRole("searchbox", { name: "Search templates" }).fill(code);
  await expect(page.getByText("No template matches these filters")).toBeVisible();
});

test("the template list searches and filters", async ({ page, request }) => {
  const code = `e2e_list_${unique()}`;
  await api(request, "POST", "/api/v1/notifications/templates", {
    code,
    name: `Inactive ${code}`,
    title: "Hi",
    content: "There",
    is_active: false,
    type: "warning",
  });
  await signIn(page, ADMIN, "/admin/templates");
  await page.getByRole("searchbox", { name: "Search templates" }).fill(code);
  const row = page.getByRole("row", { name: new RegExp(code) });
  await expect(row).toContainText("Inactive");
  await expect(row).toContainText("warning");
  await page.getByLabel("State").selectOption("true");
  await expect(page.getByText("No template matches these filters")).toBeVisible();
  await page.getByLabel("State").selectOption("false");
  await expect(row).toBeVisible();
});

test("a user gets the 403 page on the console and 403 from its API", async ({ page }) => {
  await signIn(page, ALICE, "/inbox");
  for (const path of ["/admin", "/admin/templates"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  }
  const api = await page.request.get("/api/v1/admin/dashboard");
  expect(api.status()).toBe(403);
});
