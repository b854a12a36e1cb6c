import { describe, expect, it } from "vitest";
import { integrationBodyOf, integrationFormOf } from "./integration-form";

describe("the integration form's request", () => {
  const form = {
    ...integrationFormOf(),
    name: "Mail",
    config: { from: " notify@example.com ", base_url: "" },
    secrets: { api_key: "" },
  };

  it("creates with the provider's fields only, trimmed, empty ones left out", () => {
    expect(integrationBodyOf({ ...form, secrets: { api_key: "re_1" } }, true)).toEqual({
      provider: "resend",
      channel: "email",
      name: "Mail",
      is_active: true,
      is_default: false,
      config: { from: "notify@example.com" },
      secrets: { api_key: "re_1" },
    });
  });

  it("keeps the stored secrets on edit when their inputs are left blank", () => {
    const body = integrationBodyOf(form, false);
    expect(body).not.toHaveProperty("secrets");
    expect(body).not.toHaveProperty("provider");
    expect(body).toMatchObject({ name: "Mail", config: { from: "notify@example.com" } });
  });
});
