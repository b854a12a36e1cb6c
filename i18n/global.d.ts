// Types next-intl's keys from the English catalogue: a `t("…")` naming no message fails to compile.
import type audit from "../messages/en/audit.json";
import type auth from "../messages/en/auth.json";
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
import type { AppLocale } from "../lib/vocabulary/locale";

declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: {
      audit: typeof audit;
      auth: typeof auth;
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
    };
  }
}
