import { describe, expect, it } from "vitest";
import { MAX_TOKEN_LENGTH, signToken, verifyToken } from "./signed-token";

const SECRET = "a-test-app-secret-of-enough-length-0123456789";
const payload = { t: "tenant", u: "user", w: "comment.created", c: "email" };

describe("signed tokens", () => {
  it("verify to their payload under the same secret and purpose", () => {
    const token = signToken("unsubscribe", payload, SECRET);
    expect(token).toMatch(/^[\w-]+\.[\w-]{22}$/);
    expect(verifyToken("unsubscribe", token, SECRET)).toEqual(payload);
  });

  it("refuse another purpose and another secret", () => {
    const token = signToken("unsubscribe", payload, SECRET);
    expect(verifyToken("track", token, SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", token, `${SECRET}x`)).toBeNull();
  });

  it("refuse an altered payload or tag, a cut token and junk", () => {
    const token = signToken("unsubscribe", payload, SECRET);
    const [body, tag] = token.split(".") as [string, string];
    const other = Buffer.from(JSON.stringify({ ...payload, w: "billing.invoice" })).toString("base64url");
    expect(verifyToken("unsubscribe", `${other}.${tag}`, SECRET)).toBeNull();
    const flipped = tag.slice(0, -2) + (tag.at(-2) === "A" ? "B" : "A") + tag.at(-1);
    expect(verifyToken("unsubscribe", `${body}.${flipped}`, SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", `${body}.${tag.slice(0, 10)}`, SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", `${body}.${tag}=`, SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", body, SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", `${body}.${tag}.x`, SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", "", SECRET)).toBeNull();
    expect(verifyToken("unsubscribe", "x".repeat(MAX_TOKEN_LENGTH + 1), SECRET)).toBeNull();
  });

  it("a tag made over non-JSON still yields nothing", () => {
    const body = Buffer.from("not json").toString("base64url");
    const signed = signToken("track", {}, SECRET);
    expect(verifyToken("track", `${body}.${signed.split(".")[1]}`, SECRET)).toBeNull();
  });
});
