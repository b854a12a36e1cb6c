// /settings/notifications in a real browser: the type × channel grid, quiet hours in the browser's
// time zone, mute, desktop push and in-browser alerts.
import { expect, test } from "@playwright/test";
import { api, createUser, signIn } from "./fixtures";

// Not the server's zone nor UTC: the picker must default to the browser's.
test.use({ timezoneId: "Asia/Tokyo" });

type Prefs = {
  channels: Record<string, string[]>;
  disabled_channels: string[];
  do_not_disturb: { start: string; end: string } | null;
  timezone: string | null;
  mute_until: string | null;
  is_muted: boolean;
};

test("preferences: channel grid, quiet hours in the browser's zone, mute, push and alerts", async ({
  page,
  request,
}, testInfo) => {
  const user = await createUser(request, "prefs");
  const prefs = () => api<Prefs>(request, "GET", `/api/v1/users/${user.externalId}/preferences`);
  await signIn(page, user, "/settings/notifications");
  await expect(page.getByRole("heading", { name: "Notification settings" })).toBeVisible();
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");

  const cell = (name: string) => page.getByRole("checkbox", { name, exact: true });
  await expect(cell("Info by In-app")).toBeChecked();
  await expect(cell("Info by In-app")).toBeDisabled();
  await cell("Info by Email").uncheck();
  await cell("Turn off SMS for everything").check();
  await expect(cell("Warning by SMS")).toBeDisabled();
  await expect(cell("Warning by SMS")).not.toBeChecked();
  await page.getByLabel("Quiet hours").check();
  await page.getByLabel("From", { exact: true }).fill("22:30");
  await page.getByLabel("To", { exact: true }).fill("07:15");
  await page.screenshot({ path: testInfo.outputPath("settings.png"), fullPage: true });
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Preferences saved" })).toBeVisible();

  const saved = await prefs();
  expect(saved).toMatchObject({
    do_not_disturb: { start: "22:30", end: "07:15" },
    timezone: "Asia/Tokyo",
    disabled_channels: ["sms"],
  });
  expect(saved.channels.info).toContain("app");
  expect(saved.channels.info).not.toContain("email");

  await page.reload();
  await expect(cell("Info by Email")).not.toBeChecked();
  await expect(cell("Warning by Email")).toBeChecked();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("22:30");

  await expect(page.getByTestId("mute-status")).toHaveText("Not muted");
  const before = Date.now();
  await page.getByRole("button", { name: "Mute for 1 hour" }).click();
  await expect(page.getByTestId("mute-status")).toContainText("Muted until");
  const muted = await prefs();
  expect(muted.is_muted).toBe(true);
  expect(Math.abs(Date.parse(muted.mute_until!) - (before + 3600_000))).toBeLessThan(60_000);

  await page.getByRole("button", { name: "Mute until tomorrow" }).click();
  await expect.poll(async () => (await prefs()).mute_until).not.toBe(muted.mute_until);
  // Tomorrow 08:00 in the browser's zone (Tokyo is UTC+9 all year: 23:00 UTC the day before).
  expect(new Date((await prefs()).mute_until!).toISOString()).toMatch(/T23:00:00\.000Z$/);
  await page.getByRole("button", { name: "Unmute" }).click();
  await expect(page.getByTestId("mute-status")).toHaveText("Not muted");
  expect((await prefs()).is_muted).toBe(false);

  // Push and alerts show a definite state (which one depends on the browser).
  await expect(page.getByTestId("push-status")).not.toHaveAttribute("data-state", "checking");
  await expect(page.getByTestId("push-status")).toHaveAttribute(
    "data-state",
    /^(unsupported|blocked|on|off)$/,
  );
  await expect(page.getByTestId("desktop-alerts-status")).toHaveText(/\((Not supported|Blocked|On|Off)/);
});

test("desktop alerts: turning them on asks for the permission", async ({ browser, request }) => {
  const context = await browser.newContext({ permissions: ["notifications"] });
  const page = await context.newPage();
  const user = await createUser(request, "alerts");
  await signIn(page, user, "/settings/notifications");
  const toggle = page.getByRole("checkbox", { name: /Notify me with a sound/ });
  await expect(page.getByTestId("desktop-alerts-status")).toHaveText("(Off)");
  await toggle.check();
  await expect(page.getByTestId("desktop-alerts-status")).toHaveText("(On)");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /Notify me with a sound/ })).toBeChecked();
  await context.close();
});
