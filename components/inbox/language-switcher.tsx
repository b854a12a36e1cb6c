"use client";
// English / 简体中文 in the header: the action stores the choice, the refresh renders the page in it.
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select } from "@/components/ui/field";
import { localeNames, locales } from "@/lib/vocabulary/locale";

export function LanguageSwitcher({ onSwitch }: { onSwitch: (locale: string) => Promise<void> }) {
  const t = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Select
      aria-label={t("language")}
      value={locale}
      disabled={pending}
      onChange={(e) => {
        const next = e.target.value;
        startTransition(async () => {
          await onSwitch(next);
          router.refresh();
        });
      }}
      className="w-auto py-1 text-sm"
    >
      {locales.map((l) => (
        <option key={l} value={l} lang={l}>
          {localeNames[l]}
        </option>
      ))}
    </Select>
  );
}
