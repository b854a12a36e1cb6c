import { describe, expect, it } from "vitest";
import { errorAt } from "@/components/admin/shared/form-errors";
import { announcementBodyOf, announcementFormOf, announcementResolver } from "./model";

const check = (
  form: ReturnType<typeof announcementFormOf>,
  saved?: Parameters<typeof announcementResolver>[0],
) => announcementResolver(saved)(form, undefined, { fields: {}, shouldUseNativeValidation: false });

describe("the announcement editor's request", () => {
  it("sends the local times as RFC 3339, and no channels unless chosen", () => {
    const form = {
      ...announcementFormOf(),
      title: "Hi",
      content: "There",
      expires_at: "2030-01-02T03:04:05",
    };
    const body = announcementBodyOf(form);
    expect(body).toMatchObject({ title: "Hi", publish_at: null, audience: { all: true } });
    expect(body.expires_at).toMatch(/^2030-01-02T03:04:05(Z|[+-]\d\d:\d\d)$/);
    expect(body).not.toHaveProperty("channels");
    expect(announcementBodyOf({ ...form, channels: ["email"] })).toHaveProperty("channels", ["email"]);
  });

  it("leaves out what a published announcement can no longer change", () => {
    const body = announcementBodyOf(
      { ...announcementFormOf(), publish_at: "2030-01-01T00:00:00", channels: ["email"] },
      { status: "published", channels: ["email"] },
    );
    expect(body).not.toHaveProperty("publish_at");
    expect(body).not.toHaveProperty("channels");
  });

  it("is checked as the API checks it, each error under its field", async () => {
    const { errors } = await check({
      ...announcementFormOf(),
      title: "  ",
      content: "x",
      audience: { user_ids: [] },
      publish_at: "2030-01-02T00:00:00",
      expires_at: "2030-01-01T00:00:00",
    });
    expect(errorAt(errors, "title")).toBe("must not be empty");
    expect(errorAt(errors, "audience")).toBe("user_ids: must name at least one user");
    expect(errorAt(errors, "expires_at")).toBe("must be after publish_at");
    expect(
      (await check({ ...announcementFormOf(), title: "Hi", content: "x" }, { status: "draft", channels: [] }))
        .errors,
    ).toEqual({});
  });
});
