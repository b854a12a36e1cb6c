// One admin's story across the console and two users' open inboxes (issue #10, "Done when"):
// a template with two variables and its preview → a scheduled template send to two users on
// in-app + email → the log shows it pending, then sent → the first user's inbox gets it live →
// the dev outbox has the email → an announcement published in the console shows as a banner in
// the second user's open inbox, live → archived again.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ADMIN, API_KEY, createUser, signIn } from "./fixtures";
import { badge, live, row, type User } from "./inbox-helpers";

const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A `datetime-local` value at least `seconds` from now (rounded up to a whole second), in the browser's time zone. */
function localTimeIn(page: Page, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const d = new Date(Math.ceil((Date.now() + s * 1000) / 1000) * 1000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, seconds);
}

/** The unread badge as a number (no badge: 0). */
async function unread(page: Page): Promise<number> {
  return (await badge(page).count()) === 0 ? 0 : Number(await badge(page).innerText());
}

type Marked = Window & { journeyMarker?: string };
/** Marks the page's window: the mark survives only as long as the page is not reloaded. */
const mark = (page: Page, value: string) =>
  page.evaluate((v) => {
    (window as Marked).journeyMarker = v;
  }, value);
const markOf = (page: Page) => page.evaluate(() => (window as Marked).journeyMarker);

async function openInbox(browser: Browser, who: User) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who, "/inbox");
  await live(page);
  return { context, page };
}

/** Takes the announcement down if the story stopped before it archived it (ignores "already archived"). */
async function archiveQuietly(request: APIRequestContext, id: string): Promise<void> {
  await request.post(`/api/v1/announcements/${id}/archive`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
}

test("an admin's journey: template → scheduled send → logs → live inbox → outbox → live banner", async ({
  browser,
  page: admin,
  request,
}) => {
  test.setTimeout(180_000);
  const run = suffix();
  const code = `journey_${run}`;
  const name = `Journey delivery ${run}`;
  const orderId = `J-${run}`;
  const eta = "Thursday";
  const title = `Order ${orderId} arrives ${eta}`;
  const jane = await createUser(request, "Jane");
  const jon = await createUser(request, "Jon");
  let announcementId: string | null = null;
  const inboxes: { context: { close(): Promise<void> } }[] = [];

  try {
    await test.step("the admin creates a template with two variables; the preview renders them", async () => {
      await signIn(admin, ADMIN, "/admin/templates/new");
      await expect(admin.getByRole("heading", { name: "New template" })).toBeVisible();
      await admin.getByLabel("Code", { exact: true }).fill(code);
      await admin.getByLabel("Name", { exact: true }).fill(name);
      await admin.getByLabel("Title", { exact: true }).fill("Order {{ order_id }} arrives {{ eta }}");
      // In-app and email by default (the email uses the in-app text: no email content of its own).
      const defaults = admin.getByRole("group", { name: "Default channels" });
      await expect(defaults.getByRole("checkbox", { name: "In-app" })).toBeChecked();
      await defaults.getByRole("checkbox", { name: "Email" }).check();
      const content = admin.getByLabel("Content", { exact: true });
      // A Liquid error shows inline, under the field, as it is typed.
      await content.fill("Hi {{ user.name }}, order {{ order_id }} {% if eta %}arrives {{ eta }}.");
      await expect(content).toHaveAttribute("aria-invalid", "true");
      await expect(admin.getByText(/Liquid syntax error at line 1, column \d+: /)).toBeVisible();
      await content.fill("Hi {{ user.name }}, order {{ order_id }} arrives {{ eta }}.");
      await expect(content).not.toHaveAttribute("aria-invalid", "true");
      const variables = admin.getByRole("table", { name: "Detected variables" });
      await expect(variables.getByRole("row", { name: /order_id/ })).toBeVisible();
      await expect(variables.getByRole("row", { name: /\beta\b/ })).toBeVisible();
      await admin.getByRole("button", { name: "Create template" }).click();
      await admin.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
      await expect(admin.getByRole("heading", { name, level: 1 })).toBeVisible();

      const samples = admin.getByRole("group", { name: "Sample values" });
      await samples.getByLabel("order_id").fill(orderId);
      await samples.getByLabel("eta").fill(eta);
      await admin.getByLabel("Recipient name (user.name)").fill("Jane");
      await expect(admin.getByTestId("preview-app-title")).toHaveText(title);
      await expect(admin.getByTestId("preview-app-content")).toHaveText(
        `Hi Jane, order ${orderId} arrives ${eta}.`,
      );
    });

    // Both users are looking at their inbox before the send goes out.
    const janeInbox = await openInbox(browser, jane);
    inboxes.push(janeInbox);
    const jonInbox = await openInbox(browser, jon);
    inboxes.push(jonInbox);
    await mark(janeInbox.page, "jane");
    await mark(jonInbox.page, "jon");
    const janeUnreadBefore = await unread(janeInbox.page);

    await test.step("the composer schedules the template to both users, in-app + email, 5 s ahead", async () => {
      await admin.goto("/admin/send");
      await expect(admin.getByRole("heading", { name: "Send a notification" })).toBeVisible();
      for (const who of [jane, jon]) {
        await admin.getByLabel("Find users").fill(who.externalId);
        await admin.getByRole("button", { name: `Add ${who.externalId}` }).click();
      }
      await expect(admin.getByTestId("recipient-count")).toHaveText("2 recipients");

      await admin.getByRole("tab", { name: "From a template" }).click();
      await admin.getByLabel("Template").selectOption({ label: `${name} (${code})` });
      const params = admin.getByRole("group", { name: "Params" });
      await params.getByLabel("order_id").fill(orderId);
      await params.getByLabel("eta").fill(eta);
      await admin.getByRole("checkbox", { name: "In-app" }).check();
      await admin.getByRole("checkbox", { name: "Email" }).check();
      // The preview is rendered by the server for the first recipient, Jane.
      await expect(admin.getByTestId("preview-title")).toHaveText(title);
      await expect(admin.getByTestId("preview-content")).toHaveText(
        `Hi Jane, order ${orderId} arrives ${eta}.`,
      );
      const emailPreview = admin.getByRole("region", { name: "Email preview" });
      await expect(emailPreview).toContainText("uses the in-app text");
      await expect(emailPreview).toContainText(title);

      await admin.getByRole("checkbox", { name: "Schedule for later" }).check();
      await admin.getByLabel("Send at").fill(await localTimeIn(admin, 5));
      await admin.getByRole("button", { name: "Review and send" }).click();
      const dialog = admin.getByRole("dialog", { name: "Schedule this send?" });
      await expect(dialog).toContainText("2 recipients");
      await expect(dialog).toContainText("In-app, Email");
      await dialog.getByRole("button", { name: "Schedule" }).click();
      await expect(admin.getByTestId("delivery-progress")).toBeVisible();
      // Not delivered yet: Jane's open inbox has nothing.
      await expect(row(janeInbox.page, title)).toHaveCount(0);
    });

    const logRow = (who: User) => admin.getByRole("row", { name: `${title} to ${who.externalId}` });
    // The status column of the notifications table.
    const statusOf = (who: User) => logRow(who).getByRole("cell").nth(4);

    await test.step("the logs show both notifications pending, then sent, refreshing by themselves", async () => {
      await admin.goto(`/admin/logs?template=${code}`);
      for (const who of [jane, jon]) {
        await expect(statusOf(who)).toHaveText("pending");
        await expect(logRow(who)).toContainText("In-app, Email");
      }
      for (const who of [jane, jon]) await expect(statusOf(who)).toHaveText("sent", { timeout: 45_000 });
      await admin.screenshot({ path: test.info().outputPath("journey-logs.png"), fullPage: true });
    });

    await test.step("Jane's open inbox received it live: the badge went up, the item shows the rendered text", async () => {
      const item = row(janeInbox.page, title);
      await expect(item).toBeVisible({ timeout: 20_000 });
      await expect(item).toContainText(`Hi Jane, order ${orderId} arrives ${eta}.`);
      await expect.poll(() => unread(janeInbox.page), { timeout: 20_000 }).toBe(janeUnreadBefore + 1);
      // The same page all along: no reload brought it.
      expect(await markOf(janeInbox.page)).toBe("jane");
    });

    await test.step("the dev outbox shows the email to Jane", async () => {
      await admin.goto("/admin/outbox");
      const message = admin
        .getByRole("list", { name: "Messages" })
        .getByRole("listitem")
        .filter({ hasText: title })
        .filter({ hasText: jane.email });
      await expect(message).toBeVisible({ timeout: 20_000 });
      await expect(message.locator("iframe")).toHaveAttribute("sandbox", "");
      await expect(
        message
          .frameLocator("iframe")
          .getByText(`Hi Jane, order ${orderId} arrives ${eta}.`)
          // Not the hidden preheader that repeats it.
          .filter({ visible: true })
          .first(),
      ).toBeVisible();
    });

    await test.step("a critical announcement published in the console shows in Jon's open inbox, live", async () => {
      const notice = `Journey maintenance ${run}`;
      await admin.goto("/admin/announcements/new");
      await expect(admin.getByRole("heading", { name: "New announcement" })).toBeVisible();
      await admin.getByLabel("Title").fill(notice);
      await admin.getByLabel("Severity").selectOption("critical");
      await admin.getByLabel("Content (Markdown)").fill("Deliveries pause **tonight** from 22:00.");
      await admin.getByRole("radio", { name: "Specific users" }).check();
      await admin.getByLabel("Paste user ids").fill(jon.externalId);
      await admin.getByRole("button", { name: "Add 1", exact: true }).click();
      await expect(admin.getByRole("list", { name: "Chosen users" })).toContainText(jon.externalId);

      const banner = jonInbox.page.getByRole("region", { name: "Announcements" }).filter({ hasText: notice });
      await expect(banner).toHaveCount(0);
      await admin.getByRole("button", { name: "Publish…" }).click();
      await admin
        .getByRole("dialog", { name: "Publish this announcement now?" })
        .getByRole("button", { name: "Publish" })
        .click();
      await expect(admin).toHaveURL(/\/admin\/announcements\/[0-9a-f-]{36}$/);
      announcementId = admin.url().split("/").pop()!;
      await expect(admin.getByTestId("announcement-status")).toHaveText("Published");

      await expect(banner).toBeVisible({ timeout: 20_000 });
      await expect(banner.locator("strong")).toHaveText("tonight");
      expect(await markOf(jonInbox.page)).toBe("jon");
      await jonInbox.page.screenshot({ path: test.info().outputPath("journey-banner.png"), fullPage: true });

      // Archived in the console: gone from Jon's inbox, live too.
      await admin.getByRole("button", { name: "Archive…" }).click();
      await admin
        .getByRole("dialog", { name: "Archive this announcement?" })
        .getByRole("button", { name: "Archive" })
        .click();
      await expect(admin.getByTestId("announcement-status")).toHaveText("Archived");
      announcementId = null;
      await expect(banner).toHaveCount(0, { timeout: 20_000 });
    });
  } finally {
    if (announcementId) await archiveQuietly(request, announcementId);
    for (const inbox of inboxes) await inbox.context.close();
  }
});
