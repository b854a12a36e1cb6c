// Types next-intl's keys from the English catalogue: a `t("…")` naming no message fails to compile.
import type audit from "../messages/en/audit.json";
import type announcements from "../messages/en/announcements.json";
import type apiKeys from "../messages/en/apiKeys.json";
import type auth from "../messages/en/auth.json";
import type chatTargets from "../messages/en/chatTargets.json";
import type common from "../messages/en/common.json";
import type consoleMessages from "../messages/en/console.json";
import type dashboard from "../messages/en/dashboard.json";
import type email from "../messages/en/email.json";
import type embed from "../messages/en/embed.json";
import type inbox from "../messages/en/inbox.json";
import type logs from "../messages/en/logs.json";
import type outbox from "../messages/en/outbox.json";
import type pages from "../messages/en/pages.json";
import type send from "../messages/en/send.json";
import type settings from "../messages/en/settings.json";
import type templates from "../messages/en/templates.json";
import type integrations from "../messages/en/integrations.json";
import type schedules from "../messages/en/schedules.json";
import type topics from "../messages/en/topics.json";
import type users from "../messages/en/users.json";
import type webhooks from "../messages/en/webhooks.json";
import type workflows from "../messages/en/workflows.json";
import type { AppLocale } from "../lib/vocabulary/locale";

declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: {
      audit: typeof audit;
      announcements: typeof announcements;
      apiKeys: typeof apiKeys;
      auth: typeof auth;
      chatTargets: typeof chatTargets;
      common: typeof common;
      console: typeof consoleMessages;
      dashboard: typeof dashboard;
      email: typeof email;
      embed: typeof embed;
      inbox: typeof inbox;
      logs: typeof logs;
      outbox: typeof outbox;
      pages: typeof pages;
      send: typeof send;
      settings: typeof settings;
      templates: typeof templates;
      integrations: typeof integrations;
      schedules: typeof schedules;
      topics: typeof topics;
      users: typeof users;
      webhooks: typeof webhooks;
      workflows: typeof workflows;
    };
  }
}
