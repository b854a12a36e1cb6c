import { expect, test } from "@playwright/test";

test("the OpenAPI document is public JSON", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["cache-control"]).toBe("public, max-age=300");
  const doc = await res.json();
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info.title).toBe("Herald API");
});

test("/docs renders the API reference without leaving the site", async ({ page, baseURL }) => {
  // Herald must work offline: the reference may load nothing from a CDN or a validator service.
  const foreign: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith("http") && url.host !== new URL(baseURL!).host) foreign.push(req.url());
  });
  await page.goto("/docs");
  await expect(page).toHaveTitle("Herald API");
  await expect(page.getByRole("heading", { level: 1, name: /^Herald API/ })).toBeVisible();
  // Rendered by Swagger UI from the document, not part of the page's own markup.
  await expect(page.getByText("/api/v1/notifications", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Send a notification to up to 10 000 users")).toBeVisible();
  expect(foreign).toEqual([]);
});

test("/docs/assets serves Swagger UI's script and nothing else from node_modules", async ({ request }) => {
  const script = await request.get("/docs/assets/swagger-ui-bundle.js");
  expect(script.status()).toBe(200);
  expect(script.headers()["content-type"]).toContain("javascript");
  expect((await request.get("/docs/assets/package.json")).status()).toBe(404);
  expect((await request.get("/docs/assets/..%2F..%2Fpackage.json")).status()).toBe(404);
});
