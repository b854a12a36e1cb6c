// Types next-intl's keys from the English catalogue: a `t("…")` naming no message fails to compile.
import type announcements from "../messages/en/announcements.json";
import type apiKeys from "../messages/en/apiKeys.json";
import type auth from "../messages/en/auth.json";
import type chatTargets from "../messages/en/chatTargets.json";
import type common from "../messages/en/common.json";
import type embed from "../messages/en/embed.json";
import type inbox from "../messages/en/inbox.json";
import type integrations from "../messages/en/integrations.json";
import type schedules from "../messages/en/schedules.json";
import type settings from "../messages/en/settings.json";
import type topics from "../messages/en/topics.json";
import type users from "../messages/en/users.json";
import type webhooks from "../messages/en/webhooks.json";
import type workflows from "../messages/en/workflows.json";
import type { AppLocale } from "../lib/vocabulary/locale";

declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: {
      announcements: typeof announcements;
      apiKeys: typeof apiKeys;
      auth: typeof auth;
      chatTargets: typeof chatTargets;
      common: typeof common;
      embed: typeof embed;
      inbox: typeof inbox;
      integrations: typeof integrations;
      schedules: typeof schedules;
      settings: typeof settings;
      topics: typeof topics;
      users: typeof users;
      webhooks: typeof webhooks;
      workflows: typeof workflows;
    };
  }
}
