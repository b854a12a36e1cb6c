"use client";
// Create or edit an announcement: Markdown with a preview, audience, schedule, expiry, pin, type and
// severity; publish (now, or at publish_at) and archive after a confirmation; read figures once out.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch, type Path, type PathValue } from "react-hook-form";
import { toast } from "sonner";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { localToRfc3339 } from "@/components/admin/shared/recipients";
import { useNow } from "@/components/admin/shared/use-now";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { announcementChannels, announcementSeverities, announcementTypes } from "@/lib/vocabulary/enums";
import { MAX_ANNOUNCEMENT_CONTENT, MAX_ANNOUNCEMENT_TITLE } from "@/lib/vocabulary/limits";
import { apiFetch } from "@/lib/http/api-client";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { AudiencePicker } from "./audience-picker";
import { useAnnouncementLabels } from "./labels";
import { MarkdownPreview } from "./markdown-preview";
import {
  announcementBodyOf,
  announcementFormOf,
  announcementResolver,
  severityTone,
  statusTone,
  type AnnouncementForm,
  type AnnouncementJson,
} from "./model";
import { ReadFigures } from "./read-figures";

// imageHosts: MARKDOWN_IMAGE_HOSTS, so the preview drops the images the server will drop.
export function AnnouncementEditor({ id, imageHosts }: { id?: string; imageHosts: string[] }) {
  const existing = useQuery({
    queryKey: ["announcement", id],
    enabled: id !== undefined,
    queryFn: () => apiFetch<AnnouncementJson>(`/api/v1/announcements/${id}`),
  });
  if (id === undefined) return <EditorForm imageHosts={imageHosts} />;
  if (existing.error) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  if (!existing.data) return <Skeleton className="h-96" />;
  return <EditorForm key={existing.data.updated_at} announcement={existing.data} imageHosts={imageHosts} />;
}

function EditorForm({ announcement, imageHosts }: { announcement?: AnnouncementJson; imageHosts: string[] }) {
  const t = useTranslations("announcements");
  const labels = useAnnouncementLabels();
  const formatTime = useFormatTime();
  const channelName = (c: (typeof announcementChannels)[number]) => t(`channels.${c}`);
  const router = useRouter();
  const queryClient = useQueryClient();
  const editor = useForm<AnnouncementForm>({
    defaultValues: announcementFormOf(announcement),
    resolver: announcementResolver(announcement),
  });
  const { control, register, setValue, setError, getValues, handleSubmit } = editor;
  const { errors, isSubmitted } = editor.formState;
  // Every field has a default, so the watched values are whole.
  const form = useWatch({ control }) as AnnouncementForm;
  const [contentTab, setContentTab] = useState<"write" | "preview">("write");
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<"publish" | "archive" | "delete" | null>(null);
  // After a first check, each change checks the form again, so a fixed field clears its error.
  const set = <N extends Path<AnnouncementForm>>(name: N, value: PathValue<AnnouncementForm, N>) =>
    setValue(name, value, { shouldValidate: isSubmitted });

  const status = announcement?.status ?? "draft";
  const isArchived = status === "archived";
  const isPublished = status === "published";
  const publishAt = localToRfc3339(form.publish_at);
  const now = useNow(publishAt !== null && !isPublished);
  const isFuture = publishAt !== null && Date.parse(publishAt) > now;

  /** Saves the form (creating the draft when new) and returns the stored row. */
  async function save(): Promise<AnnouncementJson> {
    const body = announcementBodyOf(getValues(), announcement);
    const row = announcement
      ? await apiFetch<AnnouncementJson>(`/api/v1/announcements/${announcement.id}`, { method: "PUT", body })
      : await apiFetch<AnnouncementJson>("/api/v1/announcements", { method: "POST", body });
    queryClient.setQueryData(["announcement", row.id], row);
    return row;
  }

  async function run(action: "save" | "publish" | "archive" | "delete") {
    setBusy(true);
    try {
      if (action === "delete") {
        await apiFetch(`/api/v1/announcements/${announcement!.id}`, { method: "DELETE" });
        await queryClient.invalidateQueries({ queryKey: ["announcements"] });
        toast.success(t("editor.deleted"));
        router.push("/admin/announcements");
        return;
      }
      let row = action === "archive" ? announcement! : await save();
      if (action === "publish" || action === "archive") {
        row = await apiFetch<AnnouncementJson>(`/api/v1/announcements/${row.id}/${action}`, {
          method: "POST",
        });
        queryClient.setQueryData(["announcement", row.id], row);
      }
      await queryClient.invalidateQueries({ queryKey: ["announcements"] });
      toast.success(
        action === "save"
          ? t("editor.saved")
          : action === "archive"
            ? t("editor.archived")
            : row.status === "scheduled"
              ? t("editor.scheduledFor", { time: formatTime(row.publish_at) })
              : t("editor.published"),
      );
      if (!announcement) router.replace(`/admin/announcements/${row.id}`);
    } catch (err) {
      setApiErrors(err, setError);
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }

  // Saving and publishing check the form first; archiving and deleting change nothing in it.
  const checked = (then: () => void) =>
    handleSubmit(then, () => {
      toast.error(t("editor.checkFields"));
    });
  const err = (f: string) => errorAt(errors, f);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card className="flex flex-col gap-4">
        <fieldset disabled={isArchived || busy} className="flex flex-col gap-4">
          <Field
            label={t("editor.title")}
            hint={t("editor.length", { length: form.title.length, max: MAX_ANNOUNCEMENT_TITLE })}
            error={err("title")}
          >
            {(p) => <Input {...p} maxLength={MAX_ANNOUNCEMENT_TITLE} {...register("title")} />}
          </Field>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("editor.type")} error={err("type")}>
              {(p) => (
                <Select {...p} {...register("type")}>
                  {announcementTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`typeOption.${type}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("editor.severity")} error={err("severity")}>
              {(p) => (
                <Select {...p} {...register("severity")}>
                  {announcementSeverities.map((s) => (
                    <option key={s} value={s}>
                      {t(`severityOption.${s}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="flex flex-col gap-2">
            <Tabs
              label={t("editor.content")}
              value={contentTab}
              onChange={setContentTab}
              items={[
                { value: "write", label: t("editor.write") },
                { value: "preview", label: t("editor.preview") },
              ]}
            />
            {contentTab === "write" ? (
              <Field
                label={t("editor.contentMarkdown")}
                hint={t("editor.length", { length: form.content.length, max: MAX_ANNOUNCEMENT_CONTENT })}
                error={err("content")}
              >
                {(p) => (
                  <Textarea {...p} rows={12} maxLength={MAX_ANNOUNCEMENT_CONTENT} {...register("content")} />
                )}
              </Field>
            ) : (
              <div
                role="tabpanel"
                aria-label={t("editor.preview")}
                className="min-h-48 rounded-md border border-slate-200 p-3 dark:border-slate-700"
              >
                <MarkdownPreview markdown={form.content} imageHosts={imageHosts} />
              </div>
            )}
          </div>
          <AudiencePicker
            value={form.audience}
            onChange={(a) => set("audience", a)}
            disabled={isArchived || busy}
            error={err("audience")}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label={t("editor.publishAt")}
              hint={isPublished ? t("editor.alreadyPublished") : t("editor.publishAtHint")}
              error={err("publish_at")}
            >
              {(p) => (
                <Input
                  {...p}
                  type="datetime-local"
                  step={1}
                  disabled={isPublished}
                  {...register("publish_at")}
                />
              )}
            </Field>
            <Field label={t("editor.expiresAt")} hint={t("editor.expiresAtHint")} error={err("expires_at")}>
              {(p) => <Input {...p} type="datetime-local" step={1} {...register("expires_at")} />}
            </Field>
          </div>
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-brand" {...register("pinned")} />
            {t("editor.pin")}
          </label>
          {/* In-app is the announcement itself; these are the channels it can also go out by. */}
          <CheckboxGroup
            legend={t("editor.alsoSendBy")}
            options={announcementChannels}
            value={form.channels}
            onChange={(c) => set("channels", c)}
            label={channelName}
            error={err("channels")}
            disabled={isPublished}
          />
        </fieldset>
      </Card>

      <div className="flex flex-col gap-6 lg:sticky lg:top-4 lg:self-start">
        <Card className="flex flex-col gap-3">
          <div className="flex items-center gap-2">
            <Badge tone={statusTone[status]} data-testid="announcement-status">
              {announcement ? labels.status(announcement) : t("editor.newDraft")}
            </Badge>
            <Badge tone={severityTone[form.severity]}>{t(`severity.${form.severity}`)}</Badge>
            {form.pinned ? <Badge tone="indigo">{t("editor.pinnedBadge")}</Badge> : null}
          </div>
          {announcement ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-slate-500">{t("editor.audience")}</dt>
              <dd>{labels.audience(announcement.audience)}</dd>
              <dt className="text-slate-500">{t("editor.publishAt")}</dt>
              <dd>{formatTime(announcement.publish_at)}</dd>
              <dt className="text-slate-500">{t("editor.publishedAt")}</dt>
              <dd>{formatTime(announcement.published_at)}</dd>
              <dt className="text-slate-500">{t("editor.expires")}</dt>
              <dd>{formatTime(announcement.expires_at)}</dd>
              {announcement.archived_at ? (
                <>
                  <dt className="text-slate-500">{t("editor.archivedAt")}</dt>
                  <dd>{formatTime(announcement.archived_at)}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {!isArchived ? (
              <Button onClick={() => void checked(() => void run("save"))()} disabled={busy}>
                {announcement ? t("actions.save") : t("editor.saveDraft")}
              </Button>
            ) : null}
            {!isArchived && !isPublished ? (
              <Button
                variant="primary"
                onClick={() => void checked(() => setConfirm("publish"))()}
                disabled={busy}
              >
                {isFuture && status === "draft" ? t("editor.scheduleEllipsis") : t("editor.publishEllipsis")}
              </Button>
            ) : null}
            {announcement && !isArchived && status !== "draft" ? (
              <Button variant="danger" onClick={() => setConfirm("archive")} disabled={busy}>
                {t("editor.archiveEllipsis")}
              </Button>
            ) : null}
            {announcement ? (
              <Button variant="ghost" onClick={() => setConfirm("delete")} disabled={busy}>
                {t("editor.deleteEllipsis")}
              </Button>
            ) : null}
          </div>
          <Link
            href="/admin/announcements"
            className="text-sm text-brand hover:underline dark:text-indigo-300"
          >
            {t("editor.backToAll")}
          </Link>
        </Card>
        {announcement && announcement.status !== "draft" ? (
          <Card className="flex flex-col gap-2">
            <h2 className="font-semibold">{t("editor.readers")}</h2>
            <ReadFigures announcement={announcement} />
          </Card>
        ) : null}
      </div>

      <Dialog
        open={confirm === "publish"}
        onClose={() => setConfirm(null)}
        title={isFuture && status === "draft" ? t("editor.scheduleTitle") : t("editor.publishTitle")}
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>{t("actions.cancel")}</Button>
            <Button variant="primary" onClick={() => void run("publish")} disabled={busy}>
              {isFuture && status === "draft" ? t("editor.schedule") : t("editor.publish")}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t.rich(
            isFuture && status === "draft" && publishAt
              ? form.channels.length
                ? "editor.goesToOnAlso"
                : "editor.goesToOn"
              : form.channels.length
                ? "editor.goesToNowAlso"
                : "editor.goesToNow",
            {
              title: form.title || t("editor.untitled"),
              audience: labels.audience(form.audience),
              time: formatTime(publishAt),
              channels: form.channels.map(channelName).join(", "),
              strong: (chunks) => <strong>{chunks}</strong>,
            },
          )}
        </p>
      </Dialog>
      <ConfirmDialog
        open={confirm === "archive"}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void run("archive")}
        busy={busy}
        title={t("editor.archiveTitle")}
        description={t("editor.archiveText")}
        confirmLabel={t("editor.archive")}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void run("delete")}
        busy={busy}
        title={t("editor.deleteTitle")}
        description={t("editor.deleteText")}
      />
    </div>
  );
}
