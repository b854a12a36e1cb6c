import { describe, expect, it, vi } from "vitest";
import { processSingleton } from "./process-singleton";

describe("processSingleton", () => {
  it("makes the value once per key and hands every caller the same one", () => {
    let made = 0;
    const create = () => ({ n: ++made });
    const first = processSingleton("test.once", create);
    const second = processSingleton("test.once", create);
    expect(second).toBe(first);
    expect(made).toBe(1);
    expect(processSingleton("test.other", create)).not.toBe(first);
  });

  it("is shared with another copy of the module (as Next's bundle loads one)", async () => {
    vi.resetModules();
    const copy = await import("./process-singleton");
    expect(copy.processSingleton).not.toBe(processSingleton);
    const mine = processSingleton("test.shared", () => ({ from: "this copy" }));
    expect(copy.processSingleton("test.shared", () => ({ from: "the other copy" }))).toBe(mine);
  });
});
