"use client";
// The workflow editor: settings, the steps as a vertical flow (add, reorder, delete, configure
// each), a test run, and the version history. The browser checks the form with the API's own
// schema (conditions and Liquid as the admin types); what only the server knows (a template that
// does not exist) comes back named by the step's field.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Badge, Card, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { apiFetch } from "@/lib/http/api-client";
import { ErrorSummary } from "@/components/admin/shared/error-summary";
import { BackLink, PageError } from "@/components/admin/shared/page-parts";
import { errorAt, errorList } from "@/components/admin/shared/form-errors";
import { notSaved, SaveButton, saveFailed } from "@/components/admin/shared/editor-actions";
import { useEditorKeys } from "@/components/admin/shared/use-editor-keys";
import { VersionHistory } from "@/components/admin/shared/version-history";
import {
  bodyOf,
  definitionText,
  emptyForm,
  formOf,
  liveStepErrors,
  newStep,
  STEP_TYPES,
  workflowResolver,
  WORKFLOWS_API,
  type StepForm,
  type StepType,
  type WorkflowForm,
  type WorkflowJson,
  type WorkflowVersionJson,
} from "./model";
import { runsHref } from "./run-filters";
import { useStepLabel } from "./labels";
import { StepEditor } from "./step-editor";
import { TestTrigger } from "./test-trigger";

/** Fields with an input of their own in Settings; other errors outside the steps are listed. */
const PLACED = ["key", "name", "description", "category", "is_active", "critical"];
type Panel = "steps" | "test" | "versions";

const workflowPath = (key: string) => `${WORKFLOWS_API}/${encodeURIComponent(key)}`;

/** Loads the workflow by key, then edits it; without a key, a new one. */
export function WorkflowEditor({ workflowKey }: { workflowKey?: string }) {
  const query = useQuery({
    queryKey: ["admin", "workflow", workflowKey],
    queryFn: () => apiFetch<WorkflowJson>(workflowPath(workflowKey!)),
    enabled: workflowKey !== undefined,
  });
  if (workflowKey === undefined) return <EditorForm saved={null} />;
  if (query.isPending)
    return (
      <main className="mx-auto flex max-w-4xl flex-col gap-4 px-4 py-6 sm:px-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-72 w-full" />
      </main>
    );
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  return <EditorForm key={query.data.id} saved={query.data} />;
}

function EditorForm({ saved }: { saved: WorkflowJson | null }) {
  const t = useTranslations("workflows");
  const isNew = saved === null;
  const router = useRouter();
  const qc = useQueryClient();
  const editor = useForm<WorkflowForm>({
    defaultValues: saved ? formOf(saved) : emptyForm(),
    resolver: workflowResolver(isNew),
  });
  const { control, register, setValue, clearErrors, trigger, reset, handleSubmit, setError } = editor;
  const { errors: formErrors, isSubmitted } = editor.formState;
  // Every field has a default, so the watched values are whole.
  const form = useWatch({ control }) as WorkflowForm;
  const deferredSteps = useDeferredValue(form.steps);
  const [panel, setPanel] = useState<Panel>("steps");
  const [adding, setAdding] = useState<StepType>("email");
  const [deleting, setDeleting] = useState(false);
  const stepText = useStepLabel();

  const dirty = useMemo(
    () => isNew || JSON.stringify(bodyOf(form, false)) !== JSON.stringify(bodyOf(formOf(saved), false)),
    [form, saved, isNew],
  );
  const errors = errorList(formErrors);
  // Conditions and Liquid are checked as the admin types (deferred: typing stays smooth); the
  // save's own check of a field wins over the live one.
  const liveErrors = useMemo(() => liveStepErrors(deferredSteps), [deferredSteps]);
  const errorFor = (field: string) => errorAt(formErrors, field) ?? liveErrors.get(field);

  /** After a save or a restore: the server's workflow is the new baseline. */
  const adopt = useCallback(
    (w: WorkflowJson) => {
      qc.setQueryData(["admin", "workflow", w.key], w);
      void qc.invalidateQueries({ queryKey: ["admin", "workflows"] });
      reset(formOf(w));
    },
    [qc, reset],
  );

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof bodyOf>) =>
      isNew
        ? apiFetch<WorkflowJson>(WORKFLOWS_API, { method: "POST", body })
        : apiFetch<WorkflowJson>(workflowPath(saved.key), { method: "PUT", body }),
    onSuccess: (w) => {
      if (isNew) {
        toast.success(t("editor.created", { key: w.key }));
        qc.setQueryData(["admin", "workflow", w.key], w);
        void qc.invalidateQueries({ queryKey: ["admin", "workflows"] });
        router.replace(`/admin/workflows/${encodeURIComponent(w.key)}`);
        return;
      }
      toast.success(t("editor.savedAs", { version: w.version }));
      adopt(w);
    },
    onError: saveFailed(setError),
  });
  const submit = handleSubmit((values) => {
    if (!save.isPending) save.mutate(bodyOf(values, isNew));
  }, notSaved);

  const remove = useMutation({
    mutationFn: () => apiFetch<null>(workflowPath(saved!.key), { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("editor.deleted", { key: saved!.key }));
      qc.removeQueries({ queryKey: ["admin", "workflow", saved!.key] });
      void qc.invalidateQueries({ queryKey: ["admin", "workflows"] });
      router.push("/admin/workflows");
    },
    onError: (err) => {
      setDeleting(false);
      toast.error(err instanceof Error ? err.message : t("editor.deleteFailed"));
    },
  });

  useEditorKeys(submit, dirty && !isNew);

  const setSteps = (steps: StepForm[], structural: boolean) => {
    setValue("steps", steps);
    // Errors are named by a step's position: once steps move, the old names point elsewhere.
    if (structural) clearErrors("steps");
    if (isSubmitted) void trigger();
  };
  const steps = form.steps;
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setSteps(next, true);
  };
  const addStep = () => {
    setSteps(
      [
        ...steps,
        newStep(
          adding,
          steps.map((s) => s.id),
        ),
      ],
      false,
    );
  };

  const unplaced = errors.filter((e) => !e.field.startsWith("steps.") && !PLACED.includes(e.field));

  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <BackLink href="/admin/workflows">{t("title")}</BackLink>
          <h1 className="truncate text-2xl font-semibold">{isNew ? t("list.new") : saved.name}</h1>
          {!isNew ? (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <code className="font-mono text-slate-600 dark:text-slate-300">{saved.key}</code>
              <Badge tone="indigo">v{saved.version}</Badge>
              {saved.is_active ? (
                <Badge tone="green">{t("badges.active")}</Badge>
              ) : (
                <Badge>{t("badges.inactive")}</Badge>
              )}
              {saved.critical ? <Badge tone="red">{t("badges.critical")}</Badge> : null}
              {dirty ? <Badge tone="amber">{t("badges.unsaved")}</Badge> : null}
            </div>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {!isNew ? (
            <Link
              href={runsHref({ workflow: saved.key })}
              className={cn("px-2 text-sm text-brand hover:underline dark:text-indigo-300", focusRing)}
            >
              {t("editor.runs")}
            </Link>
          ) : null}
          {!isNew ? (
            <Button variant="ghost" onClick={() => setDeleting(true)}>
              <Trash2 className="size-4" aria-hidden /> {t("actions.delete")}
            </Button>
          ) : null}
          <SaveButton
            pending={save.isPending}
            dirty={dirty}
            isNew={isNew}
            createLabel={t("editor.create")}
            onSave={() => void submit()}
          />
        </div>
      </div>

      <ErrorSummary count={errors.length} unplaced={unplaced} />

      {!isNew ? (
        <Tabs
          label={t("editor.tabsLabel")}
          value={panel}
          onChange={setPanel}
          items={[
            { value: "steps", label: t("editor.tabs.definition") },
            { value: "test", label: t("editor.tabs.test") },
            { value: "versions", label: t("editor.tabs.versions", { version: saved.version }) },
          ]}
        />
      ) : null}

      {!isNew ? (
        <div hidden={panel !== "test"}>
          <TestTrigger workflow={saved} dirty={dirty} />
        </div>
      ) : null}

      {!isNew ? (
        <div hidden={panel !== "versions"}>
          <Card>
            <VersionHistory<WorkflowJson, WorkflowVersionJson>
              current={saved}
              versionsPath={`${workflowPath(saved.key)}/versions`}
              queryKey={["admin", "workflow-versions", saved.key]}
              textOf={(w) => definitionText(w, t)}
              dirty={dirty}
              onRestored={adopt}
              emptyHint={t("editor.versionsHint")}
            />
          </Card>
        </div>
      ) : null}

      <div hidden={panel !== "steps"} className="flex flex-col gap-4">
        <Card className="flex flex-col gap-4">
          <h2 className="font-semibold">{t("editor.settings")}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("editor.key")}
              hint={isNew ? t("editor.keyHintNew") : t("editor.keyHint")}
              error={errorFor("key")}
            >
              {(p) => (
                <Input
                  {...p}
                  className="font-mono"
                  readOnly={!isNew}
                  disabled={!isNew}
                  placeholder={t("examples.workflowKey")}
                  {...register("key")}
                />
              )}
            </Field>
            <Field label={t("editor.name")} error={errorFor("name")}>
              {(p) => <Input {...p} {...register("name")} />}
            </Field>
            <Field label={t("editor.description")} className="sm:col-span-2" error={errorFor("description")}>
              {(p) => <Textarea {...p} rows={2} className="font-sans" {...register("description")} />}
            </Field>
            <Field label={t("editor.category")} hint={t("editor.categoryHint")} error={errorFor("category")}>
              {(p) => (
                <Input
                  {...p}
                  className="font-mono"
                  placeholder={t("examples.category")}
                  {...register("category")}
                />
              )}
            </Field>
            <div className="flex flex-col justify-center gap-2 text-sm">
              <label className="flex items-center gap-2">
                <input type="checkbox" className="size-4 accent-brand" {...register("is_active")} />
                {t("editor.activeLabel")}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" className="size-4 accent-brand" {...register("critical")} />
                {t("editor.criticalLabel")}
              </label>
            </div>
          </div>
        </Card>

        <section aria-labelledby="steps-heading" className="flex flex-col gap-2">
          <h2 id="steps-heading" className="font-semibold">
            {t("editor.steps")}
          </h2>
          <ol className="flex flex-col" aria-label={t("editor.steps")}>
            {steps.map((step, i) => (
              <li key={step.uid} className="flex flex-col items-stretch">
                {i > 0 ? <ArrowDown aria-hidden className="mx-auto my-1 size-4 text-slate-400" /> : null}
                <StepEditor
                  index={i}
                  count={steps.length}
                  step={step}
                  onChange={(next) =>
                    setSteps(
                      steps.map((s, j) => (j === i ? next : s)),
                      false,
                    )
                  }
                  onMove={(by) => move(i, by)}
                  onRemove={() =>
                    setSteps(
                      steps.filter((_, j) => j !== i),
                      true,
                    )
                  }
                  errorFor={errorFor}
                  takenIds={steps.filter((_, j) => j !== i).map((s) => s.id)}
                  errors={errors
                    .filter((e) => e.field === `steps.${i}` || e.field.startsWith(`steps.${i}.`))
                    .map((e) => ({ ...e, field: e.field.slice(`steps.${i}.`.length) }))}
                />
              </li>
            ))}
          </ol>
          <div className="flex flex-wrap items-end gap-2 rounded-lg border border-dashed border-slate-300 p-3 dark:border-slate-600">
            <Field label={t("editor.newStepType")}>
              {(p) => (
                <Select {...p} value={adding} onChange={(e) => setAdding(e.target.value as StepType)}>
                  {STEP_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {stepText(type)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Button onClick={addStep}>
              <Plus className="size-4" aria-hidden /> {t("editor.addStep")}
            </Button>
          </div>
        </section>
      </div>

      {!isNew ? (
        <ConfirmDialog
          open={deleting}
          onCancel={() => setDeleting(false)}
          onConfirm={() => remove.mutate()}
          busy={remove.isPending}
          title={t("editor.deleteTitle", { key: saved.key })}
          description={t("editor.deleteText")}
        />
      ) : null}
    </main>
  );
}
