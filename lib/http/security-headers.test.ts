import { describe, expect, it } from "vitest";
import {
  baseSecurityHeaders,
  contentSecurityPolicy,
  imageHostSources,
  pageSecurityHeaders,
} from "./security-headers";

const base = {
  nonce: "bm9uY2U=",
  appUrl: "https://herald.example.com",
  imageHosts: ["cdn.example.com", "*.img.example.org"],
  embedOrigins: ["https://app.example.com"],
  dev: false,
};

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));
}

describe("page security headers", () => {
  it("allows scripts by nonce only, and Socket.IO over wss to the app's host", () => {
    const csp = directives(contentSecurityPolicy({ ...base, pathname: "/inbox" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "wss://herald.example.com"]);
    expect(csp.get("img-src")).toEqual([
      "'self'",
      "data:",
      "https://cdn.example.com",
      "https://*.img.example.org",
    ]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
  });

  it("lets no one frame a page, except the tenant's origins on /embed", () => {
    const page = pageSecurityHeaders({ ...base, pathname: "/admin" });
    expect(directives(page["Content-Security-Policy"]!).get("frame-ancestors")).toEqual(["'none'"]);
    expect(page["X-Frame-Options"]).toBe("DENY");
    expect(page["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");

    const embed = pageSecurityHeaders({ ...base, pathname: "/embed/inbox" });
    expect(directives(embed["Content-Security-Policy"]!).get("frame-ancestors")).toEqual([
      "https://app.example.com",
    ]);
    expect(embed["X-Frame-Options"]).toBeUndefined();
    expect(embed["Referrer-Policy"]).toBe("no-referrer");

    const unset = pageSecurityHeaders({ ...base, embedOrigins: [], pathname: "/embed/inbox" });
    expect(directives(unset["Content-Security-Policy"]!).get("frame-ancestors")).toEqual(["'none'"]);
    // Not an embed page, although it starts alike.
    const lookalike = pageSecurityHeaders({ ...base, pathname: "/embedded" });
    expect(lookalike["X-Frame-Options"]).toBe("DENY");
  });

  it("allows eval only in development", () => {
    const dev = directives(
      contentSecurityPolicy({ ...base, dev: true, appUrl: "http://localhost:3000", pathname: "/" }),
    );
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("connect-src")).toEqual(["'self'", "ws://localhost:3000"]);
  });

  it("sends HSTS only when the deployment is served over https", () => {
    expect(baseSecurityHeaders("https://herald.example.com")).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    });
    expect(baseSecurityHeaders("http://localhost:3000")).toEqual({ "X-Content-Type-Options": "nosniff" });
  });

  it("ignores an image host entry that is not a host name", () => {
    expect(imageHostSources(["cdn.example.com", "https://x.example.com", "a b", "*.ok.example"])).toEqual([
      "https://cdn.example.com",
      "https://*.ok.example",
    ]);
  });
});
