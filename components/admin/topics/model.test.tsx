import { describe, expect, it } from "vitest";
import { errorAt } from "@/components/admin/shared/form-errors";
import { topicResolver, type TopicForm } from "./model";

const resolve = (form: TopicForm) =>
  topicResolver(form, undefined, { fields: {}, shouldUseNativeValidation: false });

describe("the topic form, checked as PUT /topics/{key} checks its key and name", () => {
  it("names the key and the name", async () => {
    const { errors } = await resolve({ key: "Project 42", name: "   " });
    expect(errorAt(errors, "key")).toMatch(/^must be 1 to 128 characters of a-z/);
    expect(errorAt(errors, "name")).toBe("must not be empty");
  });

  it("passes a key the API takes, around spaces trimmed", async () => {
    const form = { key: " project:42 ", name: "Project 42" };
    expect(await resolve(form)).toEqual({ values: form, errors: {} });
  });
});
