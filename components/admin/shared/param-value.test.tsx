import { describe, expect, it } from "vitest";
import { paramValue } from "./param-value";

describe("a typed param", () => {
  it("is parsed JSON when it is an object or a list, else the text as typed", () => {
    expect(paramValue(' {"id": 1} ')).toEqual({ id: 1 });
    expect(paramValue("[1, 2]")).toEqual([1, 2]);
    expect(paramValue("{not json")).toBe("{not json");
    expect(paramValue(" 42 ")).toBe(" 42 ");
  });
});
