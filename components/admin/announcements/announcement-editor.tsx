"use client";
// Create or edit an announcement: Markdown with a preview, audience, schedule, expiry, pin, type and
// severity; publish (now, or at publish_at) and archive after a confirmation; read figures once out.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch, type Path, type PathValue } from "react-hook-form";
import { toast } from "sonner";
import { channelLabel } from "@/lib/vocabulary/channels";
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
import { AudiencePicker } from "./audience-picker";
import { MarkdownPreview } from "./markdown-preview";
import {
  announcementBodyOf,
  announcementFormOf,
  announcementResolver,
  capitalize,
  describeAudience,
  formatTime,
  severityTone,
  statusLabel,
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
        toast.success("Announcement deleted");
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
          ? "Saved"
          : action === "archive"
            ? "Archived: it no longer shows"
            : row.status === "scheduled"
              ? `Scheduled for ${formatTime(row.publish_at)}`
              : "Published",
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
      toast.error("Check the highlighted fields");
    });
  const err = (f: string) => errorAt(errors, f);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card className="flex flex-col gap-4">
        <fieldset disabled={isArchived || busy} className="flex flex-col gap-4">
          <Field label="Title" hint={`${form.title.length} / ${MAX_ANNOUNCEMENT_TITLE}`} error={err("title")}>
            {(p) => <Input {...p} maxLength={MAX_ANNOUNCEMENT_TITLE} {...register("title")} />}
          </Field>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Type" error={err("type")}>
              {(p) => (
                <Select {...p} {...register("type")}>
                  {announcementTypes.map((t) => (
                    <option key={t} value={t}>
                      {capitalize(t)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Severity" error={err("severity")}>
              {(p) => (
                <Select {...p} {...register("severity")}>
                  {announcementSeverities.map((s) => (
                    <option key={s} value={s}>
                      {capitalize(s)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="flex flex-col gap-2">
            <Tabs
              label="Content"
              value={contentTab}
              onChange={setContentTab}
              items={[
                { value: "write", label: "Write" },
                { value: "preview", label: "Preview" },
              ]}
            />
            {contentTab === "write" ? (
              <Field
                label="Content (Markdown)"
                hint={`${form.content.length} / ${MAX_ANNOUNCEMENT_CONTENT}`}
                error={err("content")}
              >
                {(p) => (
                  <Textarea {...p} rows={12} maxLength={MAX_ANNOUNCEMENT_CONTENT} {...register("content")} />
                )}
              </Field>
            ) : (
              <div
                role="tabpanel"
                aria-label="Preview"
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
              label="Publish at"
              hint={isPublished ? "Already published" : "Empty: publish when you press Publish"}
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
            <Field label="Expires at" hint="Empty: it shows until archived" error={err("expires_at")}>
              {(p) => <Input {...p} type="datetime-local" step={1} {...register("expires_at")} />}
            </Field>
          </div>
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-brand" {...register("pinned")} />
            Pin it (shown first)
          </label>
          {/* In-app is the announcement itself; these are the channels it can also go out by. */}
          <CheckboxGroup
            legend="Also send by"
            options={announcementChannels}
            value={form.channels}
            onChange={(c) => set("channels", c)}
            label={(c) => channelLabel[c]}
            error={err("channels")}
            disabled={isPublished}
          />
        </fieldset>
      </Card>

      <div className="flex flex-col gap-6 lg:sticky lg:top-4 lg:self-start">
        <Card className="flex flex-col gap-3">
          <div className="flex items-center gap-2">
            <Badge tone={statusTone[status]} data-testid="announcement-status">
              {announcement ? statusLabel(announcement) : "New draft"}
            </Badge>
            <Badge tone={severityTone[form.severity]}>{form.severity}</Badge>
            {form.pinned ? <Badge tone="indigo">pinned</Badge> : null}
          </div>
          {announcement ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-slate-500">Audience</dt>
              <dd>{describeAudience(announcement.audience)}</dd>
              <dt className="text-slate-500">Publish at</dt>
              <dd>{formatTime(announcement.publish_at)}</dd>
              <dt className="text-slate-500">Published</dt>
              <dd>{formatTime(announcement.published_at)}</dd>
              <dt className="text-slate-500">Expires</dt>
              <dd>{formatTime(announcement.expires_at)}</dd>
              {announcement.archived_at ? (
                <>
                  <dt className="text-slate-500">Archived</dt>
                  <dd>{formatTime(announcement.archived_at)}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {!isArchived ? (
              <Button onClick={() => void checked(() => void run("save"))()} disabled={busy}>
                {announcement ? "Save" : "Save draft"}
              </Button>
            ) : null}
            {!isArchived && !isPublished ? (
              <Button
                variant="primary"
                onClick={() => void checked(() => setConfirm("publish"))()}
                disabled={busy}
              >
                {isFuture && status === "draft" ? "Schedule…" : "Publish…"}
              </Button>
            ) : null}
            {announcement && !isArchived && status !== "draft" ? (
              <Button variant="danger" onClick={() => setConfirm("archive")} disabled={busy}>
                Archive…
              </Button>
            ) : null}
            {announcement ? (
              <Button variant="ghost" onClick={() => setConfirm("delete")} disabled={busy}>
                Delete…
              </Button>
            ) : null}
          </div>
          <Link
            href="/admin/announcements"
            className="text-sm text-brand hover:underline dark:text-indigo-300"
          >
            ← All announcements
          </Link>
        </Card>
        {announcement && announcement.status !== "draft" ? (
          <Card className="flex flex-col gap-2">
            <h2 className="font-semibold">Readers</h2>
            <ReadFigures announcement={announcement} />
          </Card>
        ) : null}
      </div>

      <Dialog
        open={confirm === "publish"}
        onClose={() => setConfirm(null)}
        title={
          isFuture && status === "draft" ? "Schedule this announcement?" : "Publish this announcement now?"
        }
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button variant="primary" onClick={() => void run("publish")} disabled={busy}>
              {isFuture && status === "draft" ? "Schedule" : "Publish"}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600 dark:text-slate-300">
          “{form.title || "Untitled"}” goes to <strong>{describeAudience(form.audience)}</strong>
          {isFuture && status === "draft" && publishAt
            ? ` on ${formatTime(publishAt)}`
            : ", live, right away"}
          {form.channels.length ? `, also by ${form.channels.map((c) => channelLabel[c]).join(", ")}` : ""}.
        </p>
      </Dialog>
      <ConfirmDialog
        open={confirm === "archive"}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void run("archive")}
        busy={busy}
        title="Archive this announcement?"
        description="It disappears from every inbox at once. An archived announcement cannot be published again."
        confirmLabel="Archive"
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void run("delete")}
        busy={busy}
        title="Delete this announcement?"
        description="It disappears from every inbox and from this list. This cannot be undone."
      />
    </div>
  );
}
