import { describe, expect, it } from "vitest";
import { errorAt, errorList } from "@/components/admin/shared/form-errors";
import { bodyOf, checkBlocks, emptyForm, liveVariables, templateResolver } from "./model";

describe("checkBlocks", () => {
  it("lists the variables the content reads, recipient fields aside", () => {
    const check = checkBlocks({
      en: {
        app: {
          title: "Order {{ order.id }}",
          content: "Hi {{ user.name }}, {% if eta %}by {{ eta }}{% endif %}",
        },
        wechat: { template_id: "tpl", data: { first: "{{ carrier }}" } },
      },
      fr: { sms: { text: "Commande {order_id}" } },
    });
    expect(check).toEqual({ errors: [], variables: ["carrier", "eta", "order", "order_id"] });
  });

  it("names the field, line and column of a syntax error, as the server does", () => {
    const check = checkBlocks({
      en: { app: { title: "ok", content: "line one\nYour order {% if event %}{{ event }}." } },
    });
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0]!.field).toBe("blocks.en.app.content");
    expect(check.errors[0]!.message).toMatch(/^Liquid syntax error at line 2, column 12: /);
  });
});

describe("the request body", () => {
  it("drops empty optional fields and keeps the variables' notes", () => {
    const form = emptyForm();
    form.code = "welcome";
    form.blocks = { en: { app: { title: "Hi", content: "", action_url: "" } } };
    form.variables = [{ name: "name", required: false, default: "friend", example: "" }];
    expect(bodyOf(form, true)).toMatchObject({
      code: "welcome",
      description: null,
      blocks: { en: { app: { title: "Hi", content: "" } } },
      variables: [{ name: "name", required: false, default: "friend" }],
    });
    // toMatchObject above is partial: check the empty optional field and note are really gone.
    expect(bodyOf(form, true).blocks).toEqual({ en: { app: { title: "Hi", content: "" } } });
    expect(bodyOf(form, true).variables).toEqual([{ name: "name", required: false, default: "friend" }]);
    expect(bodyOf(form, false)).not.toHaveProperty("code");
  });

  it("marks newly read variables required until the author says otherwise", () => {
    expect(liveVariables(["a", "b"], [{ name: "b", required: false, default: "x" }])).toEqual([
      { name: "a", required: true },
      { name: "b", required: false, default: "x" },
    ]);
  });
});

describe("the form's check", () => {
  const check = (form: ReturnType<typeof emptyForm>, isNew: boolean) =>
    templateResolver(isNew)(form, undefined, { fields: {}, shouldUseNativeValidation: false });

  it("names the fields the create endpoint would refuse, blocks by locale and channel", async () => {
    const { errors } = await check(emptyForm(), true);
    expect(errorList(errors).map((e) => e.field)).toEqual([
      "code",
      "name",
      "blocks.en.app.title",
      "blocks.en.app.content",
    ]);
    expect(errorAt(errors, "name")).toBe("must not be empty");
  });

  it("passes a whole template, and an update has no code to check", async () => {
    const form = emptyForm();
    form.name = "Welcome";
    form.blocks = { en: { app: { title: "Hi {{ name }}", content: "Welcome", action_url: "" } } };
    expect((await check({ ...form, code: "welcome" }, true)).errors).toEqual({});
    expect((await check(form, false)).errors).toEqual({});
    form.variables = [{ name: "1st", required: true }];
    expect(errorList((await check(form, false)).errors)).toEqual([
      { field: "variables.0.name", message: "must be a variable name like order or order_id" },
    ]);
  });
});
