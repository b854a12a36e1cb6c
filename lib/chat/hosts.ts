// Where a chat destination's webhook may point: each app's own hosts and paths, or the origin an
// operator (tests: a local stub) sets for that app. Checked when a destination is saved and again
// before each send; the request itself goes through the guarded agent.
import { env as processEnv, type Env } from "../env";
import type { FieldError } from "../errors";
import { hostMatches } from "../http/outbound";
import type { ChatProvider, DestinationFields } from "./schema";

type Rule = { hosts: readonly string[]; path: RegExp; query?: string; override: keyof Env };

const RULES: Record<ChatProvider, Rule> = {
  slack: {
    hosts: ["hooks.slack.com"],
    path: /^\/services\/[^/]+\/[^/]+\/[^/]+$/,
    override: "SLACK_WEBHOOK_BASE_URL",
  },
  teams: {
    // Incoming webhooks (Office connectors) and Power Automate workflows.
    hosts: ["*.webhook.office.com", "*.logic.azure.com", "*.powerplatform.com"],
    path: /^\/.+/,
    override: "TEAMS_WEBHOOK_BASE_URL",
  },
  dingtalk: {
    hosts: ["oapi.dingtalk.com"],
    path: /^\/robot\/send$/,
    query: "access_token",
    override: "DINGTALK_API_BASE_URL",
  },
  wecom: {
    hosts: ["qyapi.weixin.qq.com"],
    path: /^\/cgi-bin\/webhook\/send$/,
    query: "key",
    override: "WECOM_API_BASE_URL",
  },
  feishu: {
    hosts: ["open.feishu.cn", "open.larksuite.com"],
    path: /^\/open-apis\/bot\/v2\/hook\/[\w-]+$/,
    override: "FEISHU_API_BASE_URL",
  },
};

const EXAMPLE: Record<ChatProvider, string> = {
  slack: "https://hooks.slack.com/services/T…/B…/…",
  teams: "an https URL on *.webhook.office.com, *.logic.azure.com or *.powerplatform.com",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/… (or open.larksuite.com)",
};

/** Why the URL is not a webhook of the app, or null when it is. */
export function webhookProblem(provider: ChatProvider, value: string, e: Env = processEnv()): string | null {
  const rule = RULES[provider];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL";
  }
  const override = e[rule.override] as string | undefined;
  const own = url.protocol === "https:" && hostMatches(url.hostname, rule.hosts) && !url.port;
  const overridden = !!override && url.origin === new URL(override).origin;
  const pathOk = rule.path.test(url.pathname) && (!rule.query || !!url.searchParams.get(rule.query));
  if ((own || overridden) && pathOk && !url.username && !url.password) return null;
  return `must be a ${provider} webhook URL: ${EXAMPLE[provider]}`;
}

/** The destination's problems, each naming `prefix` + its field. */
export function destinationProblems(
  provider: ChatProvider,
  d: DestinationFields,
  prefix: string,
  e: Env = processEnv(),
): FieldError[] {
  if (d.webhook_url === undefined) return [];
  const problem = webhookProblem(provider, d.webhook_url, e);
  return problem ? [{ field: `${prefix}webhook_url`, message: problem }] : [];
}
