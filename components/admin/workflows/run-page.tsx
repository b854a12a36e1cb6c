"use client";
// One run on a page of its own: the run explorer's detail view.
import { useTranslations } from "next-intl";
import { BackLink } from "@/components/admin/shared/page-parts";
import { RunTimeline } from "./run-timeline";

export function RunPage({ runId }: { runId: string }) {
  const t = useTranslations("workflows.explorer");
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-col gap-1">
        <BackLink href="/admin/workflows/runs">{t("title")}</BackLink>
        <h1 className="text-2xl font-semibold">{t("runTitle")}</h1>
      </div>
      <RunTimeline runId={runId} />
    </main>
  );
}
