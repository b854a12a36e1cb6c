import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createWeChatProvider, type WeChatConfig } from "@/lib/providers/wechat";
import { messageFor, sendError } from "../../stubs/messages";
import { startWeChatStub } from "../../stubs/wechat-stub";

const OPENID = "oAbCdEfGhIjKlMnOp";
const templateData = { template_id: "tmpl-build", data: { thing1: { value: "herald-web" }, time2: "12:00" } };

describe("WeChat provider against a local Official Account API", () => {
  let stub: Awaited<ReturnType<typeof startWeChatStub>>;
  let config: WeChatConfig;
  beforeEach(async () => {
    await stub?.close();
    stub = await startWeChatStub();
    config = { appId: stub.appId, appSecret: stub.appSecret, baseUrl: stub.url };
  });
  afterAll(() => stub.close());

  it("sends the template message to the openid and answers the msgid", async () => {
    const provider = createWeChatProvider(config);
    const message = messageFor("wechat", {
      to: OPENID,
      actionUrl: "https://app.example/b/1",
      data: templateData,
    });

    const result = await provider.send(message);

    expect(stub.sends).toHaveLength(1);
    expect(stub.sends[0]!.body).toEqual({
      touser: OPENID,
      template_id: "tmpl-build",
      url: "https://app.example/b/1",
      data: { thing1: { value: "herald-web" }, time2: { value: "12:00" } },
      client_msg_id: message.deliveryId,
    });
    expect(stub.sends[0]!.accessToken).toBe("token-1");
    expect(result.providerMessageId).toBe("1001");
  });

  it("fetches the access token once for many sends, concurrent ones included", async () => {
    const provider = createWeChatProvider(config);
    stub.state.tokenDelayMs = 100;
    await Promise.all(
      [1, 2, 3].map(() => provider.send(messageFor("wechat", { to: OPENID, data: templateData }))),
    );
    await provider.send(messageFor("wechat", { to: OPENID, data: templateData }));
    expect(stub.sends).toHaveLength(4);
    expect(stub.state.tokenFetches).toBe(1);
  });

  it("an expired token is dropped and fetched again once, and the send goes through", async () => {
    const provider = createWeChatProvider(config);
    await provider.send(messageFor("wechat", { to: OPENID, data: templateData }));
    stub.state.expireTokenOnce = true;

    await provider.send(messageFor("wechat", { to: OPENID, data: templateData }));

    expect(stub.state.tokenFetches).toBe(2);
    expect(stub.attempts.map((a) => a.accessToken)).toEqual(["token-1", "token-1", "token-2"]);
    expect(stub.sends).toHaveLength(2);
  });

  it("retries with a fresh token only once", async () => {
    const provider = createWeChatProvider(config);
    stub.state.sendErrors.push(40001, 40001);
    const err = await sendError(provider.send(messageFor("wechat", { to: OPENID, data: templateData })));
    expect(err).toMatchObject({ retryable: true, code: "token_invalid" });
    expect(stub.attempts).toHaveLength(2);
    expect(stub.state.tokenFetches).toBe(2);
  });

  it("a token past its expires_in is fetched anew", async () => {
    await stub.close();
    stub = await startWeChatStub({ expiresIn: 1 });
    const provider = createWeChatProvider({ ...config, baseUrl: stub.url, tokenMarginMs: 0 });
    await provider.send(messageFor("wechat", { to: OPENID, data: templateData }));
    await new Promise((r) => setTimeout(r, 1100));
    await provider.send(messageFor("wechat", { to: OPENID, data: templateData }));
    expect(stub.state.tokenFetches).toBe(2);
  });

  it("a user who does not follow the account (43004) or an invalid openid (40003) fails at once", async () => {
    const provider = createWeChatProvider(config);
    stub.unsubscribed.add(OPENID);
    expect(
      await sendError(provider.send(messageFor("wechat", { to: OPENID, data: templateData }))),
    ).toMatchObject({
      retryable: false,
      code: "not_subscribed",
    });
    expect(
      await sendError(provider.send(messageFor("wechat", { to: "bad", data: templateData }))),
    ).toMatchObject({
      retryable: false,
      code: "invalid_address",
    });
  });

  it("system busy (-1) is retryable", async () => {
    const provider = createWeChatProvider(config);
    stub.state.sendErrors.push(-1);
    const err = await sendError(provider.send(messageFor("wechat", { to: OPENID, data: templateData })));
    expect(err).toMatchObject({ retryable: true, code: "provider_unavailable" });
  });

  it("a wrong app secret fails at once", async () => {
    const provider = createWeChatProvider({ ...config, appSecret: "wrong" });
    const err = await sendError(provider.send(messageFor("wechat", { to: OPENID, data: templateData })));
    expect(err).toMatchObject({ retryable: false, code: "misconfigured" });
    expect(err.message).toContain("40125");
  });

  it("a message without a template id fails at once", async () => {
    const provider = createWeChatProvider(config);
    const err = await sendError(provider.send(messageFor("wechat", { to: OPENID })));
    expect(err).toMatchObject({ retryable: false, code: "invalid_request" });
    expect(stub.state.tokenFetches).toBe(0);
  });
});
