import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorList } from "./form-errors";
import { requestResolver } from "./request-resolver";

type Form = { title: string; tags: string; mode: "raw" | "template" };

const schema = z.strictObject({
  title: z.string().min(1, { message: "must not be empty" }),
  tags: z.array(z.string().min(1, { message: "must not be empty" })),
});

const resolver = requestResolver<Form>(
  schema,
  (v) => ({ title: v.title, tags: v.tags.split(",") }),
  (v, add, drop) => {
    if (v.mode === "template") {
      drop("title");
      add("template_code", "Choose a template");
    }
  },
);
const check = (v: Form) => resolver(v, undefined, { fields: {}, shouldUseNativeValidation: false });

describe("requestResolver", () => {
  it("names the request's fields the schema refuses, list items by index", async () => {
    const { errors } = await check({ title: "", tags: "a,", mode: "raw" });
    expect(errorList(errors)).toEqual([
      { field: "title", message: "must not be empty" },
      { field: "tags.1", message: "must not be empty" },
    ]);
  });

  it("lets the form drop a schema error and add its own", async () => {
    const { errors } = await check({ title: "", tags: "a", mode: "template" });
    expect(errorList(errors)).toEqual([{ field: "template_code", message: "Choose a template" }]);
  });

  it("passes the form's values when the request is valid", async () => {
    const values: Form = { title: "Hi", tags: "a,b", mode: "raw" };
    expect(await check(values)).toEqual({ values, errors: {} });
  });
});
