import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { dingTalkSign } from "../providers/chat/dingtalk";
import { feishuSign } from "../providers/chat/feishu";
import { webhookProblem } from "./hosts";

const e = parseEnv({ NODE_ENV: "test" });
const withStub = parseEnv({ NODE_ENV: "test", WECOM_API_BASE_URL: "http://127.0.0.1:4010" });

describe("chat webhook URLs", () => {
  it.each([
    ["slack", "https://hooks.slack.com/services/T0/B0/secret"],
    ["teams", "https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d"],
    ["teams", "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x"],
    ["teams", "https://default1234.environment.api.powerplatform.com/powerautomate/automations/direct/x"],
    ["dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc"],
    ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"],
    ["feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/abc-123"],
    ["feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/abc"],
  ] as const)("%s takes its own host: %s", (provider, url) => {
    expect(webhookProblem(provider, url, e)).toBeNull();
  });

  it.each([
    ["slack", "https://hooks.slack.com.evil.example/services/T/B/x"],
    ["slack", "http://hooks.slack.com/services/T/B/x"],
    ["slack", "https://hooks.slack.com:8443/services/T/B/x"],
    ["slack", "https://user:pw@hooks.slack.com/services/T/B/x"],
    ["teams", "https://webhook.office.com.evil.example/webhookb2/x"],
    ["dingtalk", "https://oapi.dingtalk.com/robot/send"],
    ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/message/send?key=abc"],
    ["feishu", "https://open.feishu.cn/open-apis/im/v1/messages"],
    ["wecom", "http://127.0.0.1:4010/cgi-bin/webhook/send?key=abc"],
  ] as const)("%s refuses %s", (provider, url) => {
    expect(webhookProblem(provider, url, e)).toMatch(new RegExp(`^must be a ${provider} webhook URL`));
  });

  it("an app's override origin (a local stub) is taken for that app only, with the app's path", () => {
    expect(
      webhookProblem("wecom", "http://127.0.0.1:4010/cgi-bin/webhook/send?key=abc", withStub),
    ).toBeNull();
    expect(webhookProblem("wecom", "http://127.0.0.1:4010/other?key=abc", withStub)).not.toBeNull();
    expect(
      webhookProblem("dingtalk", "http://127.0.0.1:4010/robot/send?access_token=a", withStub),
    ).not.toBeNull();
  });
});

describe("chat robot signatures (vectors from an independent HMAC implementation)", () => {
  it("DingTalk signs timestamp-newline-secret with the secret", () => {
    expect(dingTalkSign("1700000000000", "SEC0123")).toBe("2lI0CLA9w0NryWAswdWUgPoOvPXo1wScAKa+6Qn+lxQ=");
  });
  it("Feishu signs an empty message with timestamp-newline-secret as the key", () => {
    expect(feishuSign("1700000000", "feishu-secret")).toBe("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=");
  });
});
