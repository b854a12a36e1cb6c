"use client";
// The announcement's Markdown as users will see it: rendered in the browser by the very function
// the API uses for `content_html` (marked + the same sanitize-html allow-list), so the preview
// cannot differ from what is served.
import { useTranslations } from "next-intl";
import { useDeferredValue, useMemo } from "react";
import { renderMarkdown } from "@/lib/announcements/render";

export function MarkdownPreview({ markdown, imageHosts }: { markdown: string; imageHosts: string[] }) {
  const t = useTranslations("announcements.editor");
  const deferred = useDeferredValue(markdown);
  const html = useMemo(() => renderMarkdown(deferred, { imageHosts }), [deferred, imageHosts]);
  if (!deferred.trim())
    return <p className="text-sm text-slate-500 dark:text-slate-400">{t("nothingToPreview")}</p>;
  return (
    <div
      data-testid="markdown-preview"
      className="text-sm leading-relaxed break-words [&_a]:text-brand [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 dark:[&_code]:bg-slate-800 [&_h1]:text-xl [&_h1]:font-semibold [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_img]:max-w-full [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 dark:[&_pre]:bg-slate-800 [&_table]:border-collapse [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc"
      // Sanitised by renderMarkdown (an allow-list without scripts, handlers or javascript: links).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
