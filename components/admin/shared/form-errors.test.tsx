import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/api-client";
import { errorAt, errorList, setApiErrors } from "./form-errors";

describe("errors on a react-hook-form form", () => {
  const errors = {
    name: { type: "server", message: "must not be empty" },
    audience: { user_ids: [undefined, { type: "invalid_format", message: "must not contain spaces" }] },
    blocks: {
      type: "server",
      message: "sums up the nested ones",
      en: { app: { content: { type: "server", message: "Liquid syntax error at line 1, column 31" } } },
    },
  };

  it("lists each message with its field's path, not a message that sums up nested ones", () => {
    expect(errorList(errors)).toEqual([
      { field: "name", message: "must not be empty" },
      { field: "audience.user_ids.1", message: "must not contain spaces" },
      { field: "blocks.en.app.content", message: "Liquid syntax error at line 1, column 31" },
    ]);
  });

  it("shows a field's own message, or the first nested one named by its path", () => {
    expect(errorAt(errors, "name")).toBe("must not be empty");
    expect(errorAt(errors, "audience")).toBe("user_ids.1: must not contain spaces");
    expect(errorAt(errors, "blocks.en.app.content")).toBe("Liquid syntax error at line 1, column 31");
    expect(errorAt(errors, "title")).toBeUndefined();
  });

  it("puts each field's first API message on the form, and says when none names a field", () => {
    const set: [string, string | undefined][] = [];
    const setError = (field: string, e: { message?: string }) => void set.push([field, e.message]);
    const err = new ApiError(400, "Invalid request", [
      { field: "blocks.en.app.content", message: "Liquid syntax error" },
      { field: "blocks.en.app.content", message: "second" },
      { field: "name", message: "must not be empty" },
    ]);
    expect(setApiErrors(err, setError)).toBe(true);
    expect(set).toEqual([
      ["blocks.en.app.content", "Liquid syntax error"],
      ["name", "must not be empty"],
    ]);
    expect(setApiErrors(new ApiError(409, "Conflict", []), setError)).toBe(false);
    expect(setApiErrors(new Error("offline"), setError)).toBe(false);
  });
});
