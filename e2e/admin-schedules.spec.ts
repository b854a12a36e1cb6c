// The console's schedules, as an admin uses them: a weekly schedule in one zone, its next fire times,
// a refused repeat, pause and resume, delete.
import { expect, test } from "@playwright/test";
import { ADMIN, API_KEY, api, signIn } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Fire = { at: string; zone: string; local_time: string; recipients: number };
type Schedule = { id: string; name: string; status: string; next_fires: Fire[] };

test("an admin schedules a workflow weekly in Shanghai, pauses, resumes and deletes it", async ({
  page,
  request,
}) => {
  const u = unique();
  const key = `e2e.sched.${u}`;
  await api(request, "POST", "/api/v1/workflows", {
    key,
    name: `E2E schedule ${u}`,
    steps: [{ id: "inapp", type: "in_app", title: "Weekly {{ payload.topic }}", content: "Summary" }],
  });

  await signIn(page, ADMIN, "/admin/schedules/new");
  await expect(page.getByRole("heading", { name: "New schedule", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Schedule" });
  await form.getByLabel("Name", { exact: true }).fill(`Weekly ${u}`);
  await form.getByLabel("Workflow", { exact: true }).selectOption(key);
  await form.getByLabel("Recipients", { exact: true }).fill("alice\nbob");
  await form.getByLabel("Repeats", { exact: true }).selectOption("rrule");
  await form.getByLabel("RRULE", { exact: true }).fill("FREQ=SECONDLY");
  await form.getByLabel("Payload", { exact: true }).fill(JSON.stringify({ topic: "review" }));
  await page.getByRole("button", { name: "Create schedule" }).click();
  // A repeat more often than hourly is refused at its field; nothing is created.
  await expect(form.getByLabel("RRULE", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/admin\/schedules\/new$/);

  await form.getByLabel("Repeats", { exact: true }).selectOption("weekly");
  await form.getByLabel("At", { exact: true }).fill("09:00");
  await form.getByRole("checkbox", { name: "fri" }).check();
  await form.getByLabel("Time zone", { exact: true }).fill("Asia/Shanghai");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await page.waitForURL(/\/admin\/schedules\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { name: `Weekly ${u}`, level: 1 })).toBeVisible();
  await expect(page.getByText("active", { exact: true })).toBeVisible();

  // What was saved: Mondays and Fridays at 09:00 Shanghai (01:00Z), both users in that one zone.
  const saved = await api<Schedule>(request, "GET", `/api/v1/schedules/${id}`);
  expect(saved.status).toBe("active");
  expect(saved.next_fires.length).toBeGreaterThan(0);
  for (const fire of saved.next_fires) {
    expect(fire).toMatchObject({ zone: "Asia/Shanghai", recipients: 2 });
    expect(fire.local_time.slice(11, 16)).toBe("09:00");
    const at = new Date(fire.at);
    expect(at.getUTCHours()).toBe(1);
    // 01:00Z is 09:00 the same day in Shanghai: Monday or Friday.
    expect([1, 5]).toContain(at.getUTCDay());
  }

  // The next fire times, shown in a chosen zone.
  await page.getByLabel("Show times in", { exact: true }).fill("UTC");
  const first = page.locator(`time[datetime="${saved.next_fires[0]!.at}"]`);
  await expect(first).toBeVisible();
  await expect(first).toContainText("01:00");

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("paused", { exact: true })).toBeVisible();
  expect((await api<Schedule>(request, "GET", `/api/v1/schedules/${id}`)).status).toBe("paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByText("active", { exact: true })).toBeVisible();
  expect((await api<Schedule>(request, "GET", `/api/v1/schedules/${id}`)).status).toBe("active");

  // The list shows it; deleting it from the editor removes it.
  await page.goto("/admin/schedules");
  await expect(page.getByRole("link", { name: `Weekly ${u}` })).toBeVisible();
  await page.getByRole("link", { name: `Weekly ${u}` }).click();
  // The list's rows carry their own "Delete <name>" buttons: wait for the editor first.
  await page.waitForURL(new RegExp(`/admin/schedules/${id}$`));
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(/\/admin\/schedules$/);
  const gone = await request.get(`/api/v1/schedules/${id}`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  expect(gone.status()).toBe(404);
});
