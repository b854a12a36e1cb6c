import { describe, expect, it } from "vitest";
import { match, routeTable } from "./api";

const handler = async () => new Response(null);
const table = routeTable(
  [
    "route.ts",
    "[id]/route.ts",
    "stats/route.ts",
    "[id]/read/route.ts",
    "(group)/grouped/route.ts",
    "files/[...path]/route.ts",
  ].map((f) => ({ file: `api/v1/notifications/${f}`, exports: { GET: handler, helper: "not a method" } })),
);
const find = (path: string) => {
  const m = match(table, path.split("/").slice(1));
  return m && { file: m.route.file, params: m.params };
};

describe("the /api/v1 route table", () => {
  it("matches static paths before parameters, whatever the file order", () => {
    expect(find("/api/v1/notifications/stats")?.file).toBe("api/v1/notifications/stats/route.ts");
    expect(find("/api/v1/notifications/abc")).toEqual({
      file: "api/v1/notifications/[id]/route.ts",
      params: { id: "abc" },
    });
    expect(find("/api/v1/notifications")?.file).toBe("api/v1/notifications/route.ts");
  });

  it("takes parameters from their segments, leaves route groups out of the URL, collects catch-alls", () => {
    expect(find("/api/v1/notifications/n1/read")?.params).toEqual({ id: "n1" });
    expect(find("/api/v1/notifications/grouped")?.file).toBe("api/v1/notifications/(group)/grouped/route.ts");
    expect(find("/api/v1/notifications/files/a/b")?.params).toEqual({ path: ["a", "b"] });
  });

  it("matches nothing for unknown paths, extra segments, or empty parameters", () => {
    expect(find("/api/v1/unknown")).toBeNull();
    expect(find("/api/v1/notifications/n1/read/more")).toBeNull();
    expect(find("/api/v1/notifications//read")).toBeNull();
    // A catch-all needs a segment: without one, "files" is an [id].
    expect(find("/api/v1/notifications/files")?.file).toBe("api/v1/notifications/[id]/route.ts");
  });

  it("keeps only the HTTP method exports as handlers", () => {
    expect([...table[0]!.handlers.keys()]).toEqual(["GET"]);
  });
});
