import { describe, expect, it } from "vitest";
import {
  chunk,
  chunkKey,
  idsFromCsv,
  localToRfc3339,
  parseMetadata,
  parsePastedIds,
  rfc3339ToLocal,
} from "./recipients";

describe("pasted ids", () => {
  it("splits on commas and line breaks, collapses duplicates and counts them", () => {
    const r = parsePastedIds("alice, bob\r\ncarol\n\nalice;bob,dave");
    expect(r.ids).toEqual(["alice", "bob", "carol", "dave"]);
    expect(r.duplicates).toBe(2);
    expect(r.invalid).toEqual([]);
  });

  it("leaves out what cannot be a user id, and ids already chosen", () => {
    const r = parsePastedIds("ok-1\nhas space\nalready", new Set(["already"]));
    expect(r.ids).toEqual(["ok-1"]);
    expect(r.invalid).toEqual(["has space"]);
    expect(r.duplicates).toBe(1);
  });
});

describe("CSV of ids", () => {
  it("uses the user_id column when the header names one", () => {
    const csv = "\uFEFFname,User_ID,email\nAlice,alice,a@x.io\nBob,bob,b@x.io\nAlice again,alice,\n";
    expect(idsFromCsv(csv)).toEqual({ ids: ["alice", "bob"], duplicates: 1, invalid: [] });
  });

  it("else takes the first column of every row", () => {
    expect(idsFromCsv('u1,x\nu2\n\n"u3",y\n').ids).toEqual(["u1", "u2", "u3"]);
  });
});

describe("sending in chunks", () => {
  it("splits 25,000 recipients into requests of at most 10,000 with a key each", () => {
    const ids = Array.from({ length: 25_000 }, (_, i) => `u${i}`);
    const parts = chunk(ids);
    expect(parts.map((p) => p.length)).toEqual([10_000, 10_000, 5_000]);
    expect(parts.flat()).toEqual(ids);
    expect(parts.map((_, i) => chunkKey("k", i, parts.length))).toEqual(["k:1of3", "k:2of3", "k:3of3"]);
    expect(chunkKey("k", 0, 1)).toBe("k");
  });
});

describe("schedule time", () => {
  it("reads datetime-local in the admin's zone and gives RFC 3339 with its offset", () => {
    expect(localToRfc3339("2026-07-01T09:30", "Europe/Paris")).toBe("2026-07-01T09:30:00+02:00");
    expect(localToRfc3339("2026-01-15T09:30:15", "America/New_York")).toBe("2026-01-15T09:30:15-05:00");
    expect(localToRfc3339("", "UTC")).toBeNull();
    expect(localToRfc3339("not a date", "UTC")).toBeNull();
  });

  it("shows a stored time in the admin's zone, and round-trips", () => {
    expect(rfc3339ToLocal("2026-07-01T07:30:00Z", "Europe/Paris")).toBe("2026-07-01T09:30:00");
    expect(localToRfc3339(rfc3339ToLocal("2026-07-01T07:30:05Z", "Asia/Tokyo"), "Asia/Tokyo")).toBe(
      "2026-07-01T16:30:05+09:00",
    );
    expect(rfc3339ToLocal(null)).toBe("");
  });
});

describe("metadata editor", () => {
  it("accepts an object, refuses other JSON with a reason", () => {
    expect(parseMetadata(' {"order": 1} ')).toEqual({ value: { order: 1 } });
    expect(parseMetadata("")).toEqual({ value: {} });
    expect(parseMetadata("[1]")).toEqual({
      error: expect.stringContaining("JSON object"),
      reason: "not_object",
    });
    expect(parseMetadata("{order: 1}")).toEqual({
      error: expect.stringContaining("Not valid JSON"),
      reason: "syntax",
      detail: expect.any(String),
    });
  });
});
