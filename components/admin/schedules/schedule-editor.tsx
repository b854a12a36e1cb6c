"use client";
// Create or change a schedule: the workflow, its recipients and payload, and when it repeats; a saved
// one also shows its next fire times, and can be paused, resumed or deleted.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pause, Play, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Controller, useForm, useWatch } from "react-hook-form";
import { useState } from "react";
import { toast } from "sonner";
import { Badge, Card, Skeleton } from "@/components/ui/misc";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ConfirmDialog } from "@/components/ui/dialog";
import { apiFetch } from "@/lib/http/api-client";
import { isTimeZone } from "@/lib/http/validation";
import { RECIPIENT_ZONE } from "@/lib/schedules/schema";
import { errorAt } from "@/components/admin/shared/form-errors";
import { notSaved, SaveButton, saveFailed } from "@/components/admin/shared/editor-actions";
import { statusTone } from "@/components/admin/shared/format";
import { BackLink, PageError } from "@/components/admin/shared/page-parts";
import {
  bodyOf,
  emptyScheduleForm,
  formOf,
  idsOf,
  SCHEDULES_API,
  schedulePath,
  scheduleResolver,
  WEEKDAYS,
  type RepeatMode,
  type ScheduleForm,
  type ScheduleJson,
} from "./model";
import { NextFires, SCHEDULES_KEY, useStatusChange } from "./schedule-list";
import { browserZone, ZoneField } from "./zone-field";

type WorkflowOption = { key: string; name: string };

export function ScheduleEditor({ id }: { id?: string }) {
  const query = useQuery({
    queryKey: [...SCHEDULES_KEY, "one", id],
    queryFn: () => apiFetch<ScheduleJson>(schedulePath(id!)),
    enabled: id !== undefined,
  });
  if (id === undefined) return <Editor />;
  if (query.isPending)
    return (
      <main className="mx-auto max-w-4xl px-4 py-6 sm:px-6">
        <Skeleton className="h-[32rem] w-full" />
      </main>
    );
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  return <Editor saved={query.data} />;
}

const modes: readonly RepeatMode[] = ["daily", "weekly", "monthly", "rrule"];

function Editor({ saved }: { saved?: ScheduleJson }) {
  const t = useTranslations("schedules");
  const router = useRouter();
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const [viewZone, setViewZone] = useState(browserZone);
  const workflows = useQuery({
    queryKey: ["admin", "workflows", "options"],
    queryFn: () =>
      apiFetch<{ workflows: WorkflowOption[] }>("/api/v1/workflows", { query: { page_size: 100 } }),
  });
  const { register, control, handleSubmit, setError, reset, formState } = useForm<ScheduleForm>({
    defaultValues: saved ? formOf(saved) : emptyScheduleForm,
    resolver: scheduleResolver,
  });
  const errors = formState.errors;
  const mode = useWatch({ control, name: "mode" });
  const recipients = idsOf(useWatch({ control, name: "to" })).length;

  const save = useMutation({
    mutationFn: (form: ScheduleForm) =>
      saved
        ? apiFetch<ScheduleJson>(schedulePath(saved.id), { method: "PUT", body: bodyOf(form) })
        : apiFetch<ScheduleJson>(SCHEDULES_API, { method: "POST", body: bodyOf(form) }),
    onSuccess: (s) => {
      toast.success(saved ? t("editor.saved") : t("editor.created"));
      void qc.invalidateQueries({ queryKey: SCHEDULES_KEY });
      reset(formOf(s));
      if (!saved) router.push(`/admin/schedules/${s.id}`);
    },
    onError: saveFailed(setError),
  });
  const toggle = useStatusChange();
  const remove = useMutation({
    mutationFn: () => apiFetch<null>(schedulePath(saved!.id), { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("editor.deleted"));
      void qc.invalidateQueries({ queryKey: SCHEDULES_KEY });
      router.push("/admin/schedules");
    },
    onError: (err) => {
      setDeleting(false);
      toast.error(err instanceof Error ? err.message : t("list.deleteFailed"));
    },
  });
  const submit = handleSubmit((form) => save.mutate(form), notSaved);

  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <BackLink href="/admin/schedules">{t("title")}</BackLink>
          <h1 className="truncate text-2xl font-semibold">{saved ? saved.name : t("new")}</h1>
          {saved ? (
            <Badge tone={statusTone(saved.status)} className="w-fit">
              {t(`status.${saved.status}`)}
            </Badge>
          ) : null}
        </div>
        <div className="flex gap-2">
          <SaveButton
            pending={save.isPending}
            dirty={formState.isDirty || !saved}
            createLabel={t("editor.create")}
            isNew={!saved}
            onSave={() => void submit()}
          />
          {saved ? (
            <>
              <Button variant="ghost" disabled={toggle.isPending} onClick={() => toggle.mutate(saved)}>
                {saved.status === "active" ? (
                  <>
                    <Pause className="size-4" aria-hidden /> {t("editor.pause")}
                  </>
                ) : (
                  <>
                    <Play className="size-4" aria-hidden /> {t("editor.resume")}
                  </>
                )}
              </Button>
              <Button variant="ghost" onClick={() => setDeleting(true)}>
                <Trash2 className="size-4" aria-hidden /> {t("editor.delete")}
              </Button>
            </>
          ) : null}
        </div>
      </div>

      {saved ? (
        <Card className="flex flex-col gap-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 className="font-medium">{t("editor.nextFires")}</h2>
            <ZoneField
              label={t("showTimesIn")}
              className="min-w-64"
              value={viewZone}
              onChange={setViewZone}
            />
          </div>
          <NextFires schedule={saved} zone={isTimeZone(viewZone) ? viewZone : "UTC"} max={5} />
        </Card>
      ) : null}

      <Card>
        <form aria-label={t("one")} className="grid gap-4 sm:grid-cols-2" onSubmit={(e) => void submit(e)}>
          <Field label={t("editor.name")} error={errorAt(errors, "name")}>
            {(p) => <Input {...p} placeholder={t("editor.namePlaceholder")} {...register("name")} />}
          </Field>
          <Controller
            control={control}
            name="workflow"
            render={({ field }) => (
              <Field label={t("editor.workflow")} error={errorAt(errors, "workflow")}>
                {(p) => (
                  // Controlled: the saved workflow shows once the options have loaded.
                  <Select {...p} value={field.value} onChange={field.onChange} onBlur={field.onBlur}>
                    <option value="">{t("editor.chooseWorkflow")}</option>
                    {(workflows.data?.workflows ?? []).map((w) => (
                      <option key={w.key} value={w.key}>
                        {w.name} ({w.key})
                      </option>
                    ))}
                    {saved && !workflows.data?.workflows.some((w) => w.key === saved.workflow) ? (
                      <option value={saved.workflow}>{saved.workflow}</option>
                    ) : null}
                  </Select>
                )}
              </Field>
            )}
          />
          <Field
            label={t("editor.recipients")}
            className="sm:col-span-2"
            hint={t("editor.recipientsHint", { count: recipients, max: 10_000 })}
            error={errorAt(errors, "to")}
          >
            {(p) => (
              <Textarea {...p} rows={4} placeholder={t("editor.recipientsPlaceholder")} {...register("to")} />
            )}
          </Field>
          <Field label={t("editor.repeats")} error={errorAt(errors, "repeat.frequency")}>
            {(p) => (
              <Select {...p} {...register("mode")}>
                {modes.map((m) => (
                  <option key={m} value={m}>
                    {t(`editor.modes.${m}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {mode === "rrule" ? (
            <Field
              label={t("editor.modes.rrule")}
              hint={t("editor.rruleHint")}
              error={errorAt(errors, "repeat.rrule")}
            >
              {(p) => <Input {...p} className="font-mono" {...register("rrule")} />}
            </Field>
          ) : (
            <Field label={t("editor.at")} hint={t("editor.atHint")} error={errorAt(errors, "repeat.at")}>
              {(p) => <Input {...p} type="time" {...register("at")} />}
            </Field>
          )}
          {mode === "weekly" ? (
            <fieldset className="sm:col-span-2">
              <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">
                {t("editor.days")}
              </legend>
              <Controller
                control={control}
                name="days"
                render={({ field }) => (
                  <div className="mt-1 flex flex-wrap gap-3">
                    {WEEKDAYS.map((d) => (
                      <label key={d} className="flex items-center gap-1 text-sm">
                        <input
                          type="checkbox"
                          checked={field.value.includes(d)}
                          onChange={(e) =>
                            field.onChange(
                              e.target.checked
                                ? WEEKDAYS.filter((w) => w === d || field.value.includes(w))
                                : field.value.filter((w) => w !== d),
                            )
                          }
                        />
                        {t(`editor.weekdays.${d}`)}
                      </label>
                    ))}
                  </div>
                )}
              />
              {errorAt(errors, "repeat.days") ? (
                <p role="alert" className="text-xs text-red-600 dark:text-red-400">
                  {errorAt(errors, "repeat.days")}
                </p>
              ) : null}
            </fieldset>
          ) : null}
          {mode === "monthly" ? (
            <Field
              label={t("editor.dayOfMonth")}
              hint={t("editor.dayOfMonthHint")}
              error={errorAt(errors, "repeat.day_of_month")}
            >
              {(p) => <Input {...p} type="number" min={-1} max={31} {...register("dayOfMonth")} />}
            </Field>
          ) : null}
          <Controller
            control={control}
            name="timezone"
            render={({ field }) => (
              <ZoneField
                label={t("editor.timezone")}
                hint={t("editor.timezoneHint", { recipient: RECIPIENT_ZONE })}
                withRecipient
                value={field.value}
                onChange={field.onChange}
                error={errorAt(errors, "repeat.timezone")}
              />
            )}
          />
          <Field
            label={t("editor.payload")}
            className="sm:col-span-2"
            hint={t("editor.payloadHint")}
            error={errorAt(errors, "payload")}
          >
            {(p) => <Textarea {...p} rows={5} {...register("payload")} />}
          </Field>
        </form>
      </Card>

      <ConfirmDialog
        open={deleting}
        onCancel={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        title={t("deleteTitle", { name: saved?.name ?? "" })}
        description={t("deleteText")}
      />
    </main>
  );
}
