import { expect, test, type Page } from "@playwright/test";

const ADMIN = { email: "admin@herald.local", password: "herald-admin" };
const ALICE = { email: "alice@herald.local", password: "alice-password" };
const INVALID = "Invalid email or password.";
const TOO_MANY = "Too many attempts. Try again in a minute.";

/** Fills the sign-in form and waits for the server action to answer. */
async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  // React resets the form when the previous attempt settles; filling before that would be wiped.
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

// The form's own alert: Next's route announcer is also role="alert".
const formAlert = (page: Page) => page.locator("form").getByRole("alert");

async function signIn(page: Page, who: { email: string; password: string }, path = "/login"): Promise<void> {
  await page.goto(path);
  await submitSignIn(page, who.email, who.password);
}

test.describe("signed out", () => {
  for (const path of ["/admin", "/inbox"]) {
    test(`${path} redirects to sign-in and back after it`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=${path}$`));
      await expect(page.getByRole("heading", { name: "Sign in to Herald" })).toBeVisible();
      await submitSignIn(page, ADMIN.email, ADMIN.password);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
    });
  }
});

test("an admin lands on the console", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText(ADMIN.email).first()).toBeVisible();
});

test("a user lands on the inbox and has no access to the console", async ({ page }) => {
  await signIn(page, ALICE);
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByText(ALICE.email)).toBeVisible();

  const res = await page.goto("/admin");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  await expect(page.getByText("no access to the console")).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, ALICE);
  await expect(page).toHaveURL(/\/inbox$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?callbackUrl=\/inbox$/);
});

test("a link to another site is not followed after sign-in", async ({ page }) => {
  await signIn(page, ALICE, "/login?callbackUrl=https://evil.example/steal");
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/inbox$/);
});

test("a wrong password and an unknown email read the same", async ({ page }) => {
  await page.goto("/login");
  await submitSignIn(page, "bob@herald.local", "not-bobs-password");
  await expect(formAlert(page)).toHaveText(INVALID);
  // The typed email survives the failed attempt; the password does not.
  await expect(page.getByLabel("Email")).toHaveValue("bob@herald.local");
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.goto("/login");
  await submitSignIn(page, "nobody@herald.local", "whatever-password");
  await expect(formAlert(page)).toHaveText(INVALID);
  await expect(page).toHaveURL(/\/login$/);
});

test("repeated failures for one email are rate limited", async ({ page, request }) => {
  // A fresh address per run: the limiter lives in the server process and must not carry over.
  const email = `brute-${Date.now()}@example.test`;
  await page.goto("/login");
  for (let i = 1; i <= 10; i++) {
    await submitSignIn(page, email, `guess-${i}`);
    await expect(formAlert(page)).toHaveText(INVALID);
  }
  await submitSignIn(page, email, "guess-11");
  await expect(formAlert(page)).toHaveText(TOO_MANY);

  const res = await request.post("/api/auth/callback/credentials", {
    form: { email, password: "guess-12" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await res.json()).toEqual({
    code: 429,
    message: "Too many sign-in attempts",
    error_code: "rate_limited",
  });

  // Other accounts are unaffected.
  await signIn(page, ALICE);
  await expect(page).toHaveURL(/\/inbox$/);
});
