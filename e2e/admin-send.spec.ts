// The console's announcements and send composer, as an admin uses them; checked through the API.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, api, createUser, signIn } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Notification = { id: string; title: string; content: string; status: string; user_id: string };
type Announcement = { id: string; title: string; status: string };

/** A user's notifications as the API lists them tenant-wide (the bootstrap key, no X-User-Id). */
async function notificationsOf(request: Parameters<typeof api>[0], userId: string): Promise<Notification[]> {
  const page = await api<{ notifications: Notification[] }>(
    request,
    "GET",
    `/api/v1/notifications?user_id=${encodeURIComponent(userId)}&page_size=20`,
  );
  return page.notifications;
}

/** A `datetime-local` value `seconds` from now, in the browser's own time zone. */
function localTimeIn(page: Page, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const d = new Date(Date.now() + s * 1000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, seconds);
}

test("an admin writes an announcement, previews its Markdown, publishes it, sees it read, archives it", async ({
  page,
  request,
}) => {
  const title = `Maintenance ${unique()}`;
  const reader = await createUser(request, "reader");
  await signIn(page, ADMIN, "/admin/announcements");
  await page.getByRole("link", { name: "New announcement" }).click();
  await expect(page.getByRole("heading", { name: "New announcement" })).toBeVisible();

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption("warning");
  await page
    .getByLabel("Content (Markdown)")
    .fill(
      "## Tonight\n\nThe API is **read-only** from 22:00. <script>window.pwned = true</script>\n\n- [status](https://status.example.com)",
    );
  await page.getByRole("tab", { name: "Preview" }).click();
  const preview = page.getByTestId("markdown-preview");
  await expect(preview.getByRole("heading", { name: "Tonight", level: 2 })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("read-only");
  await expect(preview.getByRole("link", { name: "status" })).toHaveAttribute("rel", /noopener/);
  // The same sanitiser as the server's: no script survives into the page.
  await expect(preview.locator("script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { pwned?: boolean }).pwned)).toBeUndefined();
  await page.screenshot({ path: test.info().outputPath("admin-announcement.png"), fullPage: true });

  await page.getByRole("button", { name: "Publish…" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish this announcement now?" });
  await expect(dialog).toContainText("Everyone");
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/admin\/announcements\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("announcement-status")).toHaveText("Published");
  const id = page.url().split("/").pop()!;

  // The API agrees: published for the admin, active for a user in the audience.
  expect((await api<Announcement>(request, "GET", `/api/v1/announcements/${id}`)).status).toBe("published");
  const asReader = { "X-User-Id": reader.externalId };
  const active = await api<{ announcements: Announcement[] }>(
    request,
    "GET",
    "/api/v1/announcements/active",
    undefined,
    asReader,
  );
  expect(active.announcements.map((a) => a.title)).toContain(title);

  // Read figures: nobody yet, then the reader.
  const figures = page.getByTestId("read-figures");
  await expect(figures).toHaveText(/^0 \/ \d+ read/);
  await api(request, "POST", `/api/v1/announcements/${id}/read`, undefined, asReader);
  await page.reload();
  await expect(figures).toHaveText(/^1 \/ \d+ read/);

  await page.getByRole("link", { name: "← All announcements" }).click();
  await page.getByRole("tab", { name: /^Published/ }).click();
  // The list shows the same figures, read / audience.
  await expect(page.getByRole("row").filter({ hasText: title })).toContainText(/\b1 \/ \d+/);
  await page.getByRole("link", { name: title }).click();

  await page.getByRole("button", { name: "Archive…" }).click();
  await page
    .getByRole("dialog", { name: "Archive this announcement?" })
    .getByRole("button", { name: "Archive" })
    .click();
  await expect(page.getByTestId("announcement-status")).toHaveText("Archived");
  const after = await api<{ announcements: Announcement[] }>(
    request,
    "GET",
    "/api/v1/announcements/active",
    undefined,
    asReader,
  );
  expect(after.announcements.map((a) => a.title)).not.toContain(title);
});

test("an admin schedules a raw email send to two users 5 s ahead: pending, then sent", async ({
  page,
  request,
}) => {
  const [one, two] = [await createUser(request, "composer-a"), await createUser(request, "composer-b")];
  const title = `Composer ${unique()}`;
  await signIn(page, ADMIN, "/admin/send");
  await expect(page.getByRole("heading", { name: "Send a notification" })).toBeVisible();

  // A CSV with a user_id column, then pasted ids: duplicates collapse, across both, and the count says so.
  await page.getByRole("tab", { name: "Upload CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles({
    name: "recipients.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`name,user_id\nA,${one.externalId}\nA again,${one.externalId}\n`),
  });
  await expect(page.getByText("recipients.csv: 1 new id, 1 duplicate collapsed.")).toBeVisible();
  await expect(page.getByTestId("recipient-count")).toHaveText("1 recipient");
  await page.getByRole("tab", { name: "Paste ids" }).click();
  await page.getByLabel("User ids").fill(`${one.externalId},\n${two.externalId}\n${two.externalId}`);
  await expect(page.getByText("1 new id, 2 duplicates collapsed")).toBeVisible();
  await page.getByRole("button", { name: "Add 1 id" }).click();
  await expect(page.getByTestId("recipient-count")).toHaveText("2 recipients");

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Content").fill("Your export is ready.");
  await page.getByRole("checkbox", { name: "In-app" }).uncheck();
  await page.getByRole("checkbox", { name: "Email" }).check();

  // Metadata must be a JSON object; the editor says why before anything is sent.
  const metadata = page.getByLabel("Metadata");
  await metadata.fill("[1, 2]");
  await expect(page.getByText("Must be a JSON object")).toBeVisible();
  await metadata.fill('{"export_id": "e-42"}');
  await expect(page.getByText("Must be a JSON object")).toHaveCount(0);

  // The preview is for the first recipient, by email.
  const emailPreview = page.getByRole("region", { name: "Email preview" });
  await expect(emailPreview).toContainText(title);
  await expect(emailPreview).toContainText("Your export is ready.");

  await page.getByRole("checkbox", { name: "Schedule for later" }).check();
  await page.getByLabel("Send at").fill(await localTimeIn(page, 5));
  await page.getByRole("button", { name: "Review and send" }).click();
  const dialog = page.getByRole("dialog", { name: "Schedule this send?" });
  await expect(dialog).toContainText("2 recipients");
  await dialog.getByRole("button", { name: "Schedule" }).click();

  await expect(page.getByTestId("delivery-progress")).toBeVisible();
  const statuses = async () => {
    const rows = [
      ...(await notificationsOf(request, one.externalId)),
      ...(await notificationsOf(request, two.externalId)),
    ];
    return rows.filter((n) => n.title === title).map((n) => n.status);
  };
  expect(await statuses()).toEqual(["pending", "pending"]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath("admin-composer.png"), fullPage: true });
  await expect.poll(statuses, { timeout: 45_000, intervals: [500, 1000] }).toEqual(["sent", "sent"]);
  await expect(page.getByTestId("count-sent")).toHaveText("2", { timeout: 15_000 });
  await expect(page.getByText("Done: 2 sent")).toBeVisible();
});

test("a template send shows the recipient's rendered preview before sending", async ({ page, request }) => {
  const code = `e2e_composer_${unique()}`;
  const name = `Composer template ${unique()}`;
  await api(request, "POST", "/api/v1/notifications/templates", {
    code,
    name,
    title: "Order {{ order_id }} shipped",
    content: "Hello {{ user.name }}, {{ carrier }} has your parcel.",
    variables: [{ name: "carrier", default: "Herald Post" }],
  });
  const tess = await createUser(request, "Tess");
  await signIn(page, ADMIN, "/admin/send");

  await page.getByLabel("Find users").fill(tess.externalId);
  await page.getByRole("button", { name: `Add ${tess.externalId}` }).click();
  await expect(page.getByTestId("recipient-count")).toHaveText("1 recipient");

  await page.getByRole("tab", { name: "From a template" }).click();
  await page.getByLabel("Template").selectOption({ label: `${name} (${code})` });
  // order_id is required (no default); carrier has one.
  const orderId = page.getByLabel("order_id");
  await expect(orderId).toHaveAttribute("required", "");
  await expect(page.getByText("Default: Herald Post")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "order_id" })).toBeVisible();

  await orderId.fill("A-1024");
  await expect(page.getByTestId("preview-title")).toHaveText("Order A-1024 shipped");
  await expect(page.getByTestId("preview-content")).toHaveText("Hello Tess, Herald Post has your parcel.");

  await page.getByRole("button", { name: "Review and send" }).click();
  await page.getByRole("dialog", { name: "Send now?" }).getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Done: 1 sent")).toBeVisible({ timeout: 15_000 });
  const sent = await notificationsOf(request, tess.externalId);
  expect(sent.map((n) => [n.title, n.content, n.status])).toEqual([
    ["Order A-1024 shipped", "Hello Tess, Herald Post has your parcel.", "sent"],
  ]);
});
