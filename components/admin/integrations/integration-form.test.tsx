import { createECDH } from "node:crypto";
import { describe, expect, it } from "vitest";
import { errorAt, errorList } from "@/components/admin/shared/form-errors";
import type { IntegrationProvider } from "@/lib/integrations/schema";
import {
  integrationBodyOf,
  integrationFormOf,
  integrationResolver,
  type IntegrationForm,
} from "./integration-form";
import { PROVIDERS } from "./providers";

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

describe("the integration form's check", () => {
  const check = (v: IntegrationForm, existing?: { provider: IntegrationProvider }) =>
    integrationResolver(existing)(v, undefined, { fields: {}, shouldUseNativeValidation: false });
  const blank = (provider: IntegrationProvider): IntegrationForm => ({
    ...integrationFormOf(),
    provider,
    channel: PROVIDERS[provider].channels[0]!,
  });
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const publicKey = ecdh.getPublicKey();

  it("names each field the create endpoint would refuse, as the API names it", async () => {
    const { errors } = await check(blank("resend"));
    expect(errorList(errors)).toEqual([
      { field: "name", message: "must not be empty" },
      { field: "config.from", message: "is required" },
      { field: "secrets.api_key", message: "is required" },
    ]);
  });

  it("checks a VAPID public key is a point on the curve, in the browser as on the server", async () => {
    const offCurve = Buffer.from(publicKey);
    offCurve[64] = offCurve[64]! ^ 1;
    const form = {
      ...blank("webpush"),
      name: "Push",
      config: { public_key: offCurve.toString("base64url"), subject: "mailto:ops@example.com" },
      secrets: { private_key: ecdh.getPrivateKey("base64url") },
    };
    expect(errorAt((await check(form)).errors, "config.public_key")).toBe(
      "must be a base64url VAPID public key (a 65-byte P-256 point)",
    );
    const valid = { ...form, config: { ...form.config, public_key: publicKey.toString("base64url") } };
    expect((await check(valid)).errors).toEqual({});
  });

  it("on edit, checks the settings against the provider and only the secrets given", async () => {
    const form = { ...blank("twilio"), name: "SMS", config: { from: "+15551234567" }, secrets: {} };
    expect((await check(form, { provider: "twilio" })).errors).toEqual({});
    const bad = { ...form, config: { from: "555" }, secrets: { account_sid: "nope" } };
    expect(errorList((await check(bad, { provider: "twilio" })).errors).map((e) => e.field)).toEqual([
      "config.from",
      "secrets.account_sid",
    ]);
  });
});
