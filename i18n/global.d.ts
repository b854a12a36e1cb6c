// Types next-intl's keys from the English catalogue: a `t("…")` naming no message fails to compile.
import type auth from "../messages/en/auth.json";
import type common from "../messages/en/common.json";
import type embed from "../messages/en/embed.json";
import type inbox from "../messages/en/inbox.json";
import type settings from "../messages/en/settings.json";
import type { AppLocale } from "../lib/vocabulary/locale";

declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: {
      auth: typeof auth;
      common: typeof common;
      embed: typeof embed;
      inbox: typeof inbox;
      settings: typeof settings;
    };
  }
}
