// Herald embedded in host apps on another origin (examples/, served by Vite): the React example
// and the plain HTML page with the Web Components, each with a subscriber token minted for a fresh
// user, show a live bell and the inbox; the API's CORS and the socket's origin check let them in.
import { expect, test, type Page } from "@playwright/test";
import { createUser, sendTo } from "./fixtures";
import { subscriberToken } from "./inbox-helpers";

// As playwright.config.ts serves them: the port after Herald's unless E2E_EXAMPLES_PORT says.
const EXAMPLES = `http://127.0.0.1:${process.env.E2E_EXAMPLES_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1}`;

const unreadOf = async (bell: ReturnType<Page["getByRole"]>) =>
  Number((await bell.getAttribute("aria-label"))?.match(/(\d+) unread/)?.[1] ?? 0);

test("the React example app shows a live bell and the inbox with a subscriber token", async ({
  page,
  request,
  baseURL,
}) => {
  const user = await createUser(request, "react-host");
  await sendTo(request, [user.externalId], { title: "Before the page opened", type: "info" });
  const token = await subscriberToken(request, user);
  await page.goto(
    `${EXAMPLES}/react-vite/?herald=${encodeURIComponent(baseURL!)}&token=${encodeURIComponent(token)}`,
  );

  const inbox = page.getByRole("region", { name: "Notifications" });
  await expect(inbox.getByRole("listitem", { name: "Before the page opened" })).toBeVisible();
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");

  // Sent while the page is open: the badge and the list change without a reload, a toast shows it.
  await sendTo(request, [user.externalId], { title: "Arrived live", type: "info" });
  await expect(bell).toHaveAccessibleName("Notifications, 2 unread");
  await expect(inbox.getByRole("listitem", { name: "Arrived live" })).toBeVisible();
  await expect(page.getByRole("status").getByText("Arrived live")).toBeVisible();

  // The popover lists them too; marking one read there lowers the badge.
  await bell.click();
  const popover = page.getByRole("dialog", { name: "Notifications" });
  const row = popover.getByRole("listitem", { name: "Arrived live" });
  await row.getByRole("button", { name: "Mark read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(row.getByRole("button", { name: "Mark unread" })).toBeVisible();
  expect(await unreadOf(bell)).toBe(1);

  // Preferences are saved cross-origin too (a PUT with a JSON body: the browser asks first).
  await page.keyboard.press("Escape");
  const email = page
    .getByRole("region", { name: "Notification preferences" })
    .getByRole("checkbox", { name: "Email" });
  await expect(email).toBeChecked();
  await email.click(); // the box follows the saved preferences, once the PUT answers
  await expect(email).not.toBeChecked();
  await page.reload();
  await expect(email).not.toBeChecked();
});

test("a plain HTML page shows a live <herald-bell> and <herald-inbox>", async ({
  page,
  request,
  baseURL,
}) => {
  const user = await createUser(request, "wc-host");
  const token = await subscriberToken(request, user);
  await page.goto(
    `${EXAMPLES}/web-components/?herald=${encodeURIComponent(baseURL!)}&token=${encodeURIComponent(token)}`,
  );

  const inbox = page.locator("herald-inbox");
  await expect(inbox.getByText("You have no notifications.")).toBeVisible();
  const bell = page.locator("herald-bell").getByRole("button", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications");

  await sendTo(request, [user.externalId], { title: "Hello from Herald", type: "info" });
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(page.locator("herald-bell").locator(".badge")).toHaveText("1");
  const row = inbox.getByRole("listitem", { name: "Hello from Herald" });
  await expect(row).toBeVisible();

  // A click reaches the page as a herald-action event, and Herald marks the notification read.
  await row.getByRole("button", { name: "Mark read" }).click();
  await expect(page.locator("#last-action")).toHaveText("read: Hello from Herald");
  await expect(bell).toHaveAccessibleName("Notifications");

  await bell.click();
  await expect(
    page.locator("herald-bell").getByRole("dialog", { name: "Notifications" }).getByRole("listitem", {
      name: "Hello from Herald",
    }),
  ).toBeVisible();
});
