// /settings/notifications in a real browser: the type × channel grid, quiet hours in the browser's
// time zone, workflows switched off, mute, desktop push and in-browser alerts.
import { expect, test } from "@playwright/test";
import { api, createUser, signIn } from "./fixtures";
import { row, rows } from "./inbox-helpers";

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

test("workflows: one switched off in settings sends nothing, another still reaches the inbox", async ({
  page,
  request,
}, testInfo) => {
  const user = await createUser(request, "wfprefs");
  const tag = user.externalId.slice("wfprefs-".length);
  const category = `e2e-${tag}`;
  const categoryName = `E2e ${tag.replaceAll("-", " ")}`; // as the page words a category key
  const inapp = (title: string) => ({ id: "inapp", type: "in_app", title, content: "{{ payload.text }}" });
  const email = { id: "email", type: "email", subject: "Hi", html: "<p>{{ payload.text }}</p>" };
  const off = { key: `e2e.off.${tag}`, name: `Comments ${tag}`, title: `Comment ${tag}` };
  const on = { key: `e2e.on.${tag}`, name: `Mentions ${tag}`, title: `Mention ${tag}` };
  const critical = { key: `e2e.critical.${tag}`, name: `Sign-ins ${tag}`, title: `Sign-in ${tag}` };
  for (const [w, extra] of [
    [off, { steps: [inapp(off.title), email] }],
    [on, { steps: [inapp(on.title), email] }],
    [critical, { steps: [inapp(critical.title)], critical: true }],
  ] as const)
    await api(request, "POST", "/api/v1/workflows", { key: w.key, name: w.name, category, ...extra });

  await signIn(page, user, "/settings/notifications");
  const section = page.getByRole("region", { name: "Workflows" });
  const group = section.getByRole("group", { name: categoryName });
  const channels = (name: string) => group.getByRole("group", { name: `Channels for ${name}` });
  await expect(group.getByRole("switch", { name: `Everything in ${categoryName}` })).toBeChecked();
  await expect(channels(off.name).getByRole("checkbox")).toHaveCount(2);
  await expect(channels(critical.name).getByRole("checkbox")).toHaveCount(1);
  const criticalSwitch = group.getByRole("switch", { name: critical.name });
  await expect(criticalSwitch).toBeChecked();
  await expect(criticalSwitch).toBeDisabled();
  await expect(criticalSwitch).toHaveAccessibleDescription(/always sent/i);

  // By keyboard: focus the switch and press Space.
  await group.getByRole("switch", { name: off.name }).focus();
  await page.keyboard.press("Space");
  await expect(group.getByRole("switch", { name: off.name })).not.toBeChecked();
  await expect(channels(off.name).getByRole("checkbox", { name: "Email" })).toBeDisabled();
  await channels(on.name).getByRole("checkbox", { name: "Email" }).uncheck();
  await section.screenshot({ path: testInfo.outputPath("workflows.png") });
  await section.getByRole("button", { name: "Save workflow choices" }).click();
  await expect(
    page.locator("[data-sonner-toast]").filter({ hasText: "Workflow choices saved" }),
  ).toBeVisible();

  const saved = await api<{ workflows: Record<string, unknown> }>(
    request,
    "GET",
    `/api/v1/users/${user.externalId}/preferences`,
  );
  expect(saved.workflows).toEqual({
    [off.key]: { enabled: false },
    [on.key]: { enabled: true, channels: ["app"] },
  });
  await page.reload();
  await expect(group.getByRole("switch", { name: off.name })).not.toBeChecked();
  await expect(channels(on.name).getByRole("checkbox", { name: "Email" })).not.toBeChecked();

  const trigger = (key: string) =>
    api<{ run_ids: string[] }>(request, "POST", `/api/v1/workflows/${key}/trigger`, {
      to: [user.externalId],
      payload: { text: "From the e2e suite" },
    });
  const [offRun] = (await trigger(off.key)).run_ids;
  await trigger(on.key);
  await trigger(critical.key);
  type Run = { status: string; steps: { step_id: string; status: string; outcome: { reason?: string } }[] };
  const run = (id: string) => api<Run>(request, "GET", `/api/v1/workflow-runs/${id}`);
  await expect.poll(async () => (await run(offRun!)).status, { timeout: 15_000 }).toBe("completed");
  // The email step hands its delivery to the pipeline, which applies the same choice there.
  expect((await run(offRun!)).steps.find((s) => s.step_id === "inapp")).toMatchObject({
    status: "skipped",
    outcome: { reason: "workflow_disabled" },
  });

  await page.goto("/inbox");
  await expect(row(page, on.title)).toHaveCount(1, { timeout: 15_000 });
  await expect(row(page, critical.title)).toHaveCount(1);
  await expect(rows(page).filter({ hasText: tag })).toHaveCount(2);
  await expect(row(page, off.title)).toHaveCount(0);
});
