import { describe, expect, it } from "vitest";
import { smsLength } from "./sms";

describe("smsLength", () => {
  it("counts plain text as GSM-7: one part up to 160, then parts of 153", () => {
    expect(smsLength("")).toMatchObject({ segments: 0, remaining: 160 });
    expect(smsLength("a".repeat(160))).toMatchObject({
      encoding: "GSM-7",
      units: 160,
      segments: 1,
      remaining: 0,
    });
    expect(smsLength("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 145 });
    expect(smsLength("a".repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(smsLength("a".repeat(307))).toMatchObject({ segments: 3 });
  });

  it("counts extension characters (€, brackets) as two septets", () => {
    expect(smsLength("€".repeat(80))).toMatchObject({
      encoding: "GSM-7",
      characters: 80,
      units: 160,
      segments: 1,
    });
    expect(smsLength("€".repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it("switches to UCS-2 for any other character: 70, then parts of 67", () => {
    expect(smsLength("你".repeat(70))).toMatchObject({ encoding: "UCS-2", segments: 1, remaining: 0 });
    expect(smsLength("你".repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    // One emoji is two UTF-16 units: it turns a short GSM message into a UCS-2 one.
    expect(smsLength(`Order shipped ${"x".repeat(60)} 🚚`)).toMatchObject({
      encoding: "UCS-2",
      characters: 76,
      units: 77,
      segments: 2,
    });
  });
});
