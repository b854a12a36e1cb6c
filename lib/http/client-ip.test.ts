import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, proxyTrust } from "./client-ip";

const behind = (TRUSTED_PROXIES?: string) => proxyTrust({ TRUST_PROXY: true, TRUSTED_PROXIES });

describe("clientAddress", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY", () => {
    const trust = proxyTrust({ TRUST_PROXY: false, TRUSTED_PROXIES: "2" });
    expect(trust).toBeNull();
    expect(clientAddress("203.0.113.9", "1.2.3.4", trust)).toBe("203.0.113.9");
  });

  it("through one proxy, a client's own X-Forwarded-For entry is not taken", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    expect(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.7", behind())).toBe("198.51.100.7");
    // Duplicate headers count as one list.
    expect(clientAddress("10.0.0.5", ["1.2.3.4", "198.51.100.7"], behind())).toBe("198.51.100.7");
  });

  it("a count of N trusts the N hops nearest the server", () => {
    const xff = "1.2.3.4, 198.51.100.7, 10.0.0.4";
    expect(clientAddress("10.0.0.5", xff, behind("2"))).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.5", xff, behind("1"))).toBe("10.0.0.4");
  });

  it("with fewer hops than trusted, the farthest one is taken (so never count more proxies than you run)", () => {
    expect(clientAddress("10.0.0.5", undefined, behind("2"))).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "198.51.100.7", behind("3"))).toBe("198.51.100.7");
  });

  it("with CIDRs, skips trusted hops from the right and stops at the first untrusted one", () => {
    const trust = behind("10.0.0.0/8, 192.168.0.0/16");
    expect(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.7, 192.168.1.1", trust)).toBe("198.51.100.7");
    // A peer outside the trusted ranges is the client, whatever header it sends.
    expect(clientAddress("203.0.113.9", "1.2.3.4", trust)).toBe("203.0.113.9");
  });

  it("writes IPv4 clients of a dual-stack socket as IPv4", () => {
    expect(clientAddress("::ffff:203.0.113.9", undefined, null)).toBe("203.0.113.9");
    expect(clientAddress(undefined, "1.2.3.4", behind())).toBe("unknown");
  });
});

describe("addressKey", () => {
  it("counts an IPv6 client by its /64 and an IPv4 client by its address", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe(addressKey("2001:db8:1:2:bbbb::2"));
    expect(addressKey("2001:db8:1:2::1")).not.toBe(addressKey("2001:db8:1:3::1"));
    expect(addressKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("unknown")).toBe("unknown");
  });
});
