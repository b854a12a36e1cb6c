import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/api-client";
import { apiFieldErrors } from "./form-errors";

describe("the API's field errors under the form's fields", () => {
  it("keeps each field's first message and lifts list items to their list, not params", () => {
    const err = new ApiError(400, "Invalid request", [
      { field: "title", message: "must not be empty" },
      { field: "title", message: "second message" },
      { field: "user_ids.3", message: "must not contain spaces or control characters" },
      { field: "params.order_id", message: "is required by template order" },
    ]);
    expect(apiFieldErrors(err)).toEqual({
      title: "must not be empty",
      "user_ids.3": "must not contain spaces or control characters",
      user_ids: "3: must not contain spaces or control characters",
      "params.order_id": "is required by template order",
    });
  });
});
