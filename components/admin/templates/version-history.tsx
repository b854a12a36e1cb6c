"use client";
// A template's version history: the shared history over its versions, diffed as readable content.
import { useTranslations } from "next-intl";
import { VersionHistory as History } from "@/components/admin/shared/version-history";
import { contentText, formOf, TEMPLATES_API, type TemplateJson, type TemplateVersionJson } from "./model";

export function VersionHistory({
  template,
  dirty,
  onRestored,
}: {
  template: TemplateJson;
  dirty: boolean;
  onRestored: (t: TemplateJson) => void;
}) {
  const t = useTranslations("templates.editor");
  return (
    <History<TemplateJson, TemplateVersionJson>
      current={template}
      versionsPath={`${TEMPLATES_API}/${template.id}/versions`}
      queryKey={["admin", "template-versions", template.id]}
      textOf={(v) => contentText(formOf(v))}
      dirty={dirty}
      onRestored={onRestored}
      emptyHint={t("historyHint")}
    />
  );
}
