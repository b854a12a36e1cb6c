// Engagement as a person meets it: the link in an email's List-Unsubscribe header (and
// footer) opens a confirmation page without signing in, its button turns off that type's emails;
// following an action in the inbox counts as a click.
import { expect, test } from "@playwright/test";
import { api, createUser, sendTo, signIn } from "./fixtures";

type OutboxPage = {
  messages: {
    subject: string | null;
    to: string | null;
    payload: { headers?: Record<string, string> | null };
  }[];
};

test("an email's unsubscribe link confirms, unsubscribes from that type only, and offers every preference", async ({
  page,
  request,
}) => {
  const who = await createUser(request, "unsub");
  const title = `Digest ${Date.now()}`;
  await sendTo(request, [who.externalId], { title, type: "info", channels: ["email"] });

  // No email provider in e2e: the dev outbox records the message with its headers.
  let headers: Record<string, string> | undefined;
  await expect(async () => {
    const outbox = await api<OutboxPage>(request, "GET", `/api/v1/dev/outbox?channel=email&to=${who.email}`);
    headers = outbox.messages.find((m) => m.subject === title)?.payload.headers ?? undefined;
    expect(headers).toBeDefined();
  }).toPass({ timeout: 20_000 });
  expect(headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const url = /<(http[^>]+)>/.exec(headers!["List-Unsubscribe"]!)![1]!;

  const before = await api<{ channels: Record<string, string[]> }>(
    request,
    "GET",
    `/api/v1/users/${who.externalId}/preferences`,
  );
  expect(before.channels.info).toBeUndefined();

  await page.goto(url);
  await expect(
    page.getByRole("heading", { name: "Unsubscribe from info notification emails?" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Manage all your notification preferences" })).toHaveAttribute(
    "href",
    "/settings/notifications",
  );

  const after = await api<{ channels: Record<string, string[]> }>(
    request,
    "GET",
    `/api/v1/users/${who.externalId}/preferences`,
  );
  expect(after.channels).toEqual({ info: ["app", "sms", "push", "wechat", "chat"] });

  // A link altered on the way shows why, and changes nothing.
  const response = await page.goto(`${url.slice(0, -2)}xx`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
});

test("following a notification's action in the inbox counts as a click in its template's rate", async ({
  page,
  request,
}) => {
  const who = await createUser(request, "clicker");
  const code = `e2e_click_${Date.now().toString(36)}`;
  await api(request, "POST", "/api/v1/notifications/templates", {
    code,
    name: `Click ${code}`,
    channels: ["app"],
    blocks: {
      en: {
        app: {
          title: `Open ${code}`,
          content: "Have a look",
          action_url: "/inbox?from=action",
          action_text: "Look",
        },
      },
    },
  });
  await sendTo(request, [who.externalId], { title: "unused", template_code: code, params: {} });
  type Dashboard = {
    engagement: { template_code: string | null; clicked: number; click_rate: number | null }[];
  };
  const rowOf = async () =>
    (await api<Dashboard>(request, "GET", "/api/v1/admin/dashboard?range=24h")).engagement.find(
      (r) => r.template_code === code,
    );
  expect(await rowOf()).toMatchObject({ clicked: 0, click_rate: 0 });

  await signIn(page, who, "/inbox");
  await page.getByRole("link", { name: "Look" }).click();
  await expect(page).toHaveURL(/\/inbox\?from=action$/);
  await expect.poll(async () => (await rowOf())?.clicked, { timeout: 10_000 }).toBe(1);
  expect((await rowOf())?.click_rate).toBe(1);
});
