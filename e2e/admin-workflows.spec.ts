// The console's workflow editor and topics, as an admin uses them.
import { expect, test } from "@playwright/test";
import { ADMIN, api, createUser, signIn } from "./fixtures";
import { live, row } from "./inbox-helpers";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("an admin builds a two-step workflow, saves a second version and restores the first", async ({
  page,
  request,
}) => {
  const u = unique();
  const key = `e2e.wf.${u}`;
  const template = `e2e_wf_mail_${u}`;
  await api(request, "POST", "/api/v1/notifications/templates", {
    code: template,
    name: `Mail ${u}`,
    channels: ["email"],
    blocks: {
      en: {
        app: { title: "New comment", content: "{{ text }}" },
        email: { subject: "New comment", html: "<p>{{ text }}</p>" },
      },
    },
  });

  await signIn(page, ADMIN, "/admin/workflows");
  await page.getByRole("link", { name: "New workflow" }).click();
  await expect(page.getByRole("heading", { name: "New workflow", level: 1 })).toBeVisible();
  await page.getByLabel("Key", { exact: true }).fill(key);
  await page.getByLabel("Name", { exact: true }).fill("E2E comment");
  await page.getByLabel("Category (optional)").fill("comments");

  // Step 1 is an in-app step with its own content; its Liquid is checked in the browser as it is typed.
  const inApp = page.getByRole("group", { name: "Step 1: In-app" });
  await inApp.getByLabel("Title", { exact: true }).fill("New comment from {{ actor.name }}");
  const content = inApp.getByLabel("Content", { exact: true });
  await content.fill("{% if payload.text %}{{ payload.text }}");
  await expect(inApp.getByText(/^Liquid syntax error at line 1/)).toBeVisible();
  await expect(content).toHaveAttribute("aria-invalid", "true");

  // Step 2: an email sending a template, only when the in-app notification is unread. The condition
  // is checked as it is typed too, against the steps before it.
  await page.getByLabel("New step type").selectOption("email");
  await page.getByRole("button", { name: "Add step" }).click();
  const email = page.getByRole("group", { name: "Step 2: Email" });
  await email.getByLabel("Use a template").check();
  const templateField = email.getByLabel("Template", { exact: true });
  await templateField.fill(`${template}_missing`);
  const condition = email.getByLabel("Condition (optional)");
  await condition.fill("steps.inapp.status ==");
  await expect(email.getByText(/^syntax error at column 22/)).toBeVisible();
  await condition.fill('steps.inapp.status == "sent"');
  await expect(email.getByText("reads steps.inapp: no step has that id")).toBeVisible();
  await expect(condition).toHaveAttribute("aria-invalid", "true");

  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByText("Not saved: 2 problems to fix.")).toBeVisible();

  // Fixed in the browser; whether a template exists is the server's to say, under the step's field.
  await content.fill("{{ payload.text }}");
  await expect(content).not.toHaveAttribute("aria-invalid", "true");
  await condition.fill("steps.in_app.notification.read == false");
  await expect(condition).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(email.getByText(`no template has the code ${template}_missing`)).toBeVisible();
  await expect(templateField).toHaveAttribute("aria-invalid", "true");
  await templateField.fill(template);
  await page.getByRole("button", { name: "Create workflow" }).click();

  await page.waitForURL(new RegExp(`/admin/workflows/${key.replace(/\./g, "\\.")}$`));
  await expect(page.getByRole("heading", { name: "E2E comment", level: 1 })).toBeVisible();
  await expect(page.getByText("v1", { exact: true })).toBeVisible();

  // In the list.
  await page.getByRole("link", { name: "Workflows", exact: true }).first().click();
  await page.getByRole("searchbox", { name: "Search workflows" }).fill(key);
  const row = page.getByRole("row", { name: new RegExp(key.replace(/\./g, "\\.")) });
  await expect(row).toContainText("comments");
  await expect(row).toContainText("v1");
  await expect(row).toContainText("Active");
  await row.getByRole("link", { name: "E2E comment" }).click();

  // A second version: another title, and the steps swapped then put back (reorder keeps content).
  await page.getByRole("button", { name: "Move step 1 down" }).click();
  await expect(page.getByRole("group", { name: "Step 1: Email" })).toBeVisible();
  await page.getByRole("button", { name: "Move step 2 up" }).click();
  const title = page.getByRole("group", { name: "Step 1: In-app" }).getByLabel("Title", { exact: true });
  await expect(title).toHaveValue("New comment from {{ actor.name }}");
  await title.fill("{{ actor.name }} commented");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved as v2")).toBeVisible();
  await expect(page.getByText("v2", { exact: true })).toBeVisible();

  // Versions: v1 against v2, then restore v1 as v3.
  await page.getByRole("tab", { name: /Versions/ }).click();
  await page.getByRole("button", { name: /^v1\b/ }).click();
  const diff = page.getByLabel(/Diff between v1 and v2/);
  await expect(diff).toContainText("title: New comment from {{ actor.name }}");
  await expect(diff).toContainText("title: {{ actor.name }} commented");
  await page.getByRole("button", { name: "Restore v1" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Restored v1 as v3")).toBeVisible();
  await page.getByRole("tab", { name: "Definition" }).click();
  await expect(title).toHaveValue("New comment from {{ actor.name }}");

  const saved = await api<{ version: number; steps: { id: string; template?: string }[] }>(
    request,
    "GET",
    `/api/v1/workflows/${key}`,
  );
  expect(saved.version).toBe(3);
  expect(saved.steps.map((s) => s.id)).toEqual(["in_app", "email"]);
  expect(saved.steps[1]!.template).toBe(template);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath("admin-workflow-editor.png"), fullPage: true });
});

test("an admin test-runs a two-step workflow: the user's open inbox gets it, the timeline completes", async ({
  page,
  browser,
  request,
}) => {
  // Two browsers, a build, a run and four console pages: more than the default budget.
  test.setTimeout(90_000);
  const u = unique();
  const key = `e2e.wf.run.${u}`;
  const title = `Build ${u} passed`;
  const user = await createUser(request, "wfrun");

  // The user has the inbox open, connected live.
  const userContext = await browser.newContext();
  const inbox = await userContext.newPage();
  await signIn(inbox, user, "/inbox");
  await live(inbox);

  // In-app at once, then an email; built in the console.
  await signIn(page, ADMIN, "/admin/workflows/new");
  await page.getByLabel("Key", { exact: true }).fill(key);
  await page.getByLabel("Name", { exact: true }).fill(`E2E build ${u}`);
  const inApp = page.getByRole("group", { name: "Step 1: In-app" });
  await inApp.getByLabel("Title", { exact: true }).fill(`Build {{ payload.build }} passed`);
  await inApp.getByLabel("Content", { exact: true }).fill("{{ payload.text }}");
  await page.getByLabel("New step type").selectOption("email");
  await page.getByRole("button", { name: "Add step" }).click();
  const email = page.getByRole("group", { name: "Step 2: Email" });
  await email.getByLabel("Subject", { exact: true }).fill("Build {{ payload.build }}");
  await email.getByLabel("HTML body", { exact: true }).fill("<p>{{ payload.text }}</p>");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await page.waitForURL(new RegExp(`/admin/workflows/${key.replace(/\./g, "\\.")}$`));

  // The test panel: one user, the payload prefilled with the names the steps read.
  await page.getByRole("tab", { name: "Test run" }).click();
  const payload = page.getByLabel("Payload (JSON)");
  await expect(payload).toHaveValue(/"build": "sample build"/);
  await expect(payload).toHaveValue(/"text": "sample text"/);
  await page.getByLabel("Recipient").fill(user.externalId);
  await page.getByRole("button", { name: `Add ${user.externalId}` }).click();
  await payload.fill("{ not json");
  await expect(page.getByText(/^is not JSON/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Run test" })).toBeDisabled();
  await payload.fill(JSON.stringify({ build: u, text: "All green" }));
  await page.getByRole("button", { name: "Run test" }).click();

  // The notification arrives in the open inbox without a reload.
  await expect(row(inbox, title)).toBeVisible({ timeout: 20_000 });

  // The timeline reaches completed, each step with its outcome.
  const timeline = page.getByRole("list", { name: "Run timeline" });
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("completed", { timeout: 20_000 });
  await expect(timeline.getByRole("listitem", { name: "Step 1: in_app" })).toContainText("completed");
  await expect(timeline.getByRole("listitem", { name: "Step 2: email" })).toContainText("completed");
  await expect(timeline.getByRole("listitem", { name: "Step 2: email" })).toContainText(
    "1 delivery in the delivery log",
  );
  await page.screenshot({ path: test.info().outputPath("admin-workflow-test-run.png"), fullPage: true });
  await timeline.getByRole("button", { name: "Notification of step in_app" }).click();
  await expect(page.getByRole("dialog", { name: "Notification details" })).toContainText(title);
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  // The run explorer has it, filtered by the workflow; its detail shows the same timeline.
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Runs" }).click();
  await page.waitForURL(/\/admin\/workflows\/runs$/);
  const filters = page.getByRole("search", { name: "Filter the runs" });
  await filters.getByLabel("Workflow", { exact: true }).fill(key);
  const runRow = page.getByRole("row", {
    name: new RegExp(`${key.replace(/\./g, "\\.")} for ${user.externalId}`),
  });
  // The filter reaches the address once typing has settled; a click before that races its
  // replaceState against the navigation.
  await page.waitForURL(/\/admin\/workflows\/runs\?workflow=/);
  await expect(runRow).toContainText("completed");
  await runRow.getByRole("link").click();
  await page.waitForURL(/\/admin\/workflows\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("completed");
  const steps = page
    .getByRole("list", { name: "Run timeline" })
    .getByRole("listitem", { name: /^Step \d+:/ });
  await expect(steps).toHaveCount(2);

  // The list counts the run.
  await page.goto("/admin/workflows");
  await page.getByRole("searchbox", { name: "Search workflows" }).fill(key);
  const listRow = page.getByRole("row", { name: new RegExp(key.replace(/\./g, "\\.")) });
  await expect(listRow.getByRole("link", { name: `1 runs of ${key} in the last 24 hours` })).toBeVisible();
  await expect(listRow).toContainText("100%");
  await page.screenshot({ path: test.info().outputPath("admin-workflow-runs.png"), fullPage: true });
  await userContext.close();
});

test("an admin creates a topic, subscribes two users and removes one", async ({ page, request }) => {
  const key = `e2e-topic-${unique()}`;
  const [ann, ben] = await Promise.all([createUser(request, "ann"), createUser(request, "ben")]);

  await signIn(page, ADMIN, "/admin/topics");
  const create = page.getByRole("form", { name: "New topic" });
  await create.getByLabel("Key").fill(key);
  await create.getByLabel("Name").fill("E2E watchers");
  await create.getByRole("button", { name: "Create topic" }).click();
  await expect(page.getByRole("heading", { name: "E2E watchers", level: 1 })).toBeVisible();
  await expect(page.getByText("No subscribers yet")).toBeVisible();

  await page.getByRole("tab", { name: "Paste ids" }).click();
  await page.getByLabel("User ids").fill(`${ann.externalId}, ${ben.externalId}\n${ann.externalId}`);
  await page.getByRole("button", { name: "Add 2 ids" }).click();
  await page.getByRole("button", { name: "Subscribe 2 users" }).click();
  await expect(page.getByText("2 subscribers added")).toBeVisible();
  const subscribers = page.getByRole("table", { name: "Subscribers" });
  await expect(subscribers.getByRole("row", { name: new RegExp(ann.externalId) })).toContainText(ann.email);
  await expect(subscribers.getByRole("row", { name: new RegExp(ben.externalId) })).toBeVisible();

  await page.getByRole("button", { name: `Unsubscribe ${ann.externalId}` }).click();
  await expect(page.getByText(`${ann.externalId} unsubscribed`)).toBeVisible();
  await expect(subscribers.getByRole("row", { name: new RegExp(ann.externalId) })).toHaveCount(0);
  await expect(subscribers.getByRole("row", { name: new RegExp(ben.externalId) })).toBeVisible();
  const left = await api<{ subscribers: { user_id: string }[] }>(
    request,
    "GET",
    `/api/v1/topics/${key}/subscribers`,
  );
  expect(left.subscribers.map((s) => s.user_id)).toEqual([ben.externalId]);

  // Listed, then deleted from the list.
  await page.getByRole("link", { name: "Topics", exact: true }).first().click();
  await page.getByRole("searchbox", { name: "Search topics" }).fill(key);
  await expect(page.getByRole("row", { name: new RegExp(key) })).toBeVisible();
  await page.getByRole("button", { name: `Delete ${key}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No topic matches this search")).toBeVisible();
});

test("a topic trigger's runs and progress in the run explorer, from a run back to its trigger", async ({
  page,
  request,
}) => {
  const u = unique();
  const [ann, ben, cal] = await Promise.all([
    createUser(request, "tann"),
    createUser(request, "tben"),
    createUser(request, "tcal"),
  ]);
  await api(request, "PUT", `/api/v1/topics/e2e-team-${u}`, { name: "E2E team" });
  await api(request, "POST", `/api/v1/topics/e2e-team-${u}/subscribers`, {
    user_ids: [ann.externalId, ben.externalId, cal.externalId],
  });
  const key = `e2e.wf.topic.${u}`;
  await api(request, "POST", "/api/v1/workflows", {
    key,
    name: `E2E topic ${u}`,
    steps: [{ id: "inapp", type: "in_app", title: "Team news", content: "{{ payload.text }}" }],
  });
  const { trigger_id } = await api<{ trigger_id: string }>(
    request,
    "POST",
    `/api/v1/workflows/${key}/trigger`,
    {
      to: { topic: `e2e-team-${u}` },
      actor: cal.externalId,
      exclude_actor: true,
      payload: { text: "Ship it" },
    },
  );

  await signIn(page, ADMIN, `/admin/workflows/runs?trigger_id=${trigger_id}`);
  const progress = page.getByRole("region", { name: "Trigger" });
  await expect(progress.getByLabel("Trigger status")).toHaveText("completed", { timeout: 20_000 });
  await expect(progress).toContainText(`topic e2e-team-${u}`);
  await expect(progress).toContainText("2 runs written");
  await expect(progress).toContainText(`by ${cal.externalId} (excluded)`);
  const runs = page.getByRole("table", { name: "Workflow runs" });
  await expect(runs.getByRole("row", { name: new RegExp(`for ${ann.externalId}`) })).toBeVisible();
  await expect(runs.getByRole("row", { name: new RegExp(`for ${ben.externalId}`) })).toBeVisible();
  await expect(runs.getByRole("row", { name: new RegExp(`for ${cal.externalId}`) })).toHaveCount(0);

  // A run's page links back to all runs of its trigger.
  await runs.getByRole("row", { name: new RegExp(`for ${ann.externalId}`) }).click();
  await page.waitForURL(/\/admin\/workflows\/runs\/[0-9a-f-]{36}$/);
  await page.getByRole("link", { name: "all runs of this trigger" }).click();
  await expect(page.getByLabel("Trigger id")).toHaveValue(trigger_id);
  await expect(runs.getByRole("row", { name: new RegExp(`for ${ben.externalId}`) })).toBeVisible();
});
