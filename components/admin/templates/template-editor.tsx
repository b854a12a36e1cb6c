"use client";
// The template editor: settings, content per locale and channel, detected variables, and beside
// them the live preview and the version history. Saving sends the whole content (a new version
// when it changed); the server checks the Liquid and names any error's field, line and column.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { useForm, useWatch, type Path, type PathValue } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Badge, Card, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import type { NotificationChannel } from "@/lib/vocabulary/enums";
import { apiFetch } from "@/lib/http/api-client";
import { localeSchema } from "@/lib/templates/schema";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { errorAt, errorList } from "@/components/admin/shared/form-errors";
import { notSaved, SaveButton, saveFailed } from "@/components/admin/shared/editor-actions";
import { useEditorKeys } from "@/components/admin/shared/use-editor-keys";
import { ErrorSummary } from "@/components/admin/shared/error-summary";
import { useLabels } from "@/components/admin/shared/labels";
import { BackLink, PageError } from "@/components/admin/shared/page-parts";
import { BlockEditor } from "./block-editor";
import {
  bodyOf,
  CHANNELS,
  checkBlocks,
  draftOf,
  emptyBlock,
  emptyForm,
  formOf,
  liveVariables,
  templateResolver,
  TEMPLATES_API,
  TYPES,
  type TemplateForm,
  type TemplateJson,
} from "./model";
import { PreviewPanel } from "./preview-panel";
import { VariablesTable } from "./variables-table";
import { VersionHistory } from "./version-history";

/** Fields with an input of their own in Settings; other errors outside the blocks are listed. */
const PLACED = ["code", "name", "description", "channels"];

/** Loads the template (by id or code), then edits it; without an id, a new one. */
export function TemplateEditor({ id }: { id?: string }) {
  const query = useQuery({
    queryKey: ["admin", "template", id],
    queryFn: () => apiFetch<TemplateJson>(`${TEMPLATES_API}/${encodeURIComponent(id!)}`),
    enabled: id !== undefined,
  });
  if (id === undefined) return <EditorForm saved={null} />;
  if (query.isPending)
    return (
      <main className="mx-auto grid max-w-7xl gap-6 px-4 py-6 sm:px-6 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="flex flex-col gap-4">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-72 w-full" />
        </div>
        <Skeleton className="h-96 w-full" />
      </main>
    );
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  return <EditorForm key={query.data.id} saved={query.data} />;
}

function EditorForm({ saved }: { saved: TemplateJson | null }) {
  const t = useTranslations("templates.editor");
  const c = useTranslations("console");
  const labels = useLabels();
  const channelLabel = labels.channel;
  const isNew = saved === null;
  const router = useRouter();
  const qc = useQueryClient();
  const editor = useForm<TemplateForm>({
    defaultValues: saved ? formOf(saved) : emptyForm(),
    resolver: templateResolver(isNew),
  });
  const { control, register, setValue, setError, clearErrors, trigger, reset, handleSubmit } = editor;
  const { errors: formErrors, isSubmitted } = editor.formState;
  // Every field has a default, so the watched values are whole.
  const form = useWatch({ control }) as TemplateForm;
  const [locale, setLocale] = useState(form.default_locale);
  const [channel, setChannel] = useState<NotificationChannel>("app");
  const [side, setSide] = useState<"preview" | "history">("preview");
  const [newLocale, setNewLocale] = useState("");
  const [localeError, setLocaleError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);

  const dirty = useMemo(
    () => isNew || JSON.stringify(bodyOf(form, false)) !== JSON.stringify(bodyOf(formOf(saved), false)),
    [form, saved, isNew],
  );
  // Parsed as typed (deferred, so a long HTML body never slows typing down).
  const deferredBlocks = useDeferredValue(form.blocks);
  const live = useMemo(() => checkBlocks(deferredBlocks), [deferredBlocks]);
  const variables = useMemo(
    () => liveVariables(live.variables, form.variables),
    [live.variables, form.variables],
  );
  const draft = useMemo(() => draftOf(form), [form]);
  const errors = errorList(formErrors);
  const errorFor = (field: string) =>
    errorAt(formErrors, field) ?? live.errors.find((e) => e.field === field)?.message;
  const hasErrorUnder = (prefix: string) =>
    errors.some((e) => e.field.startsWith(prefix)) || live.errors.some((e) => e.field.startsWith(prefix));
  // After a first save, each change checks the form again, so a fixed field clears its error.
  const change = <N extends Path<TemplateForm>>(name: N, value: PathValue<TemplateForm, N>) =>
    setValue(name, value, { shouldValidate: isSubmitted });

  /** After a save, a restore or a toggle: the server's template is the new baseline. */
  const adopt = useCallback(
    (next: TemplateJson) => {
      qc.setQueryData(["admin", "template", next.id], next);
      void qc.invalidateQueries({ queryKey: ["admin", "templates"] });
      reset(formOf(next));
    },
    [qc, reset],
  );

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof bodyOf>) =>
      isNew
        ? apiFetch<TemplateJson>(TEMPLATES_API, { method: "POST", body })
        : apiFetch<TemplateJson>(`${TEMPLATES_API}/${saved.id}`, { method: "PUT", body }),
    onSuccess: (tpl) => {
      if (isNew) {
        toast.success(t("created", { code: tpl.code }));
        qc.setQueryData(["admin", "template", tpl.id], tpl);
        void qc.invalidateQueries({ queryKey: ["admin", "templates"] });
        router.replace(`/admin/templates/${tpl.id}`);
        return;
      }
      toast.success(tpl.version !== saved.version ? t("savedAs", { version: tpl.version }) : t("saved"));
      adopt(tpl);
    },
    onError: saveFailed(setError),
  });
  const submit = handleSubmit((values) => {
    if (!save.isPending) save.mutate(bodyOf(values, isNew));
  }, notSaved);

  const toggleActive = useMutation({
    mutationFn: (isActive: boolean) =>
      apiFetch<TemplateJson>(`${TEMPLATES_API}/${saved!.id}`, {
        method: "PUT",
        body: { is_active: isActive },
      }),
    onSuccess: (tpl) => {
      toast.success(tpl.is_active ? t("activated") : t("deactivated"));
      qc.setQueryData(["admin", "template", tpl.id], tpl);
      void qc.invalidateQueries({ queryKey: ["admin", "templates"] });
      // Only the flag: unsaved content edits stay as they are.
      setValue("is_active", tpl.is_active);
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : t("stateFailed")),
  });

  const remove = useMutation({
    mutationFn: () => apiFetch<null>(`${TEMPLATES_API}/${saved!.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("deleted", { code: saved!.code }));
      qc.removeQueries({ queryKey: ["admin", "template", saved!.id] });
      void qc.invalidateQueries({ queryKey: ["admin", "templates"] });
      router.push("/admin/templates");
    },
    onError: (err) => {
      setDeleting(false);
      toast.error(err instanceof Error ? err.message : t("deleteFailed"));
    },
  });

  useEditorKeys(submit, dirty && !isNew);

  const locales = Object.keys(form.blocks);
  const block = form.blocks[locale]?.[channel];
  const setBlock = (next: (typeof form.blocks)[string][NotificationChannel] | undefined) => {
    const path = `blocks.${locale}.${channel}` as const;
    const forLocale = { ...form.blocks[locale] };
    if (next) forLocale[channel] = next;
    else delete forLocale[channel];
    setValue("blocks", { ...form.blocks, [locale]: forLocale });
    // The server's word on this block is stale once it changes; syntax is re-checked as typed.
    clearErrors(path);
    if (isSubmitted) void trigger(path);
  };

  const addLocale = () => {
    const l = newLocale.trim();
    const parsed = localeSchema.safeParse(l);
    if (!parsed.success) return setLocaleError(parsed.error.issues[0]!.message);
    if (locales.some((x) => x.toLowerCase() === l.toLowerCase()))
      return setLocaleError(t("localeExists", { locale: l }));
    // A new locale starts as a copy of the default one: translating beats starting from nothing.
    change("blocks", { ...form.blocks, [l]: structuredClone(form.blocks[form.default_locale] ?? {}) });
    setLocale(l);
    setNewLocale("");
    setLocaleError(null);
  };
  const removeLocale = (l: string) => {
    const blocks = { ...form.blocks };
    delete blocks[l];
    change("blocks", blocks);
    clearErrors(`blocks.${l}`);
    setLocale(form.default_locale);
  };

  const unplacedErrors = errors.filter((e) => !e.field.startsWith("blocks.") && !PLACED.includes(e.field));

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <BackLink href="/admin/templates">{c("nav.templates")}</BackLink>
          <h1 className="truncate text-2xl font-semibold">{isNew ? t("newTitle") : saved.name}</h1>
          {!isNew ? (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <code className="font-mono text-slate-600 dark:text-slate-300">{saved.code}</code>
              <Badge tone="indigo">v{saved.version}</Badge>
              {saved.is_active ? <Badge tone="green">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
              {dirty ? <Badge tone="amber">{t("unsaved")}</Badge> : null}
            </div>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {!isNew ? (
            <>
              <Button
                onClick={() => toggleActive.mutate(!saved.is_active)}
                disabled={toggleActive.isPending}
                aria-describedby="active-hint"
              >
                {saved.is_active ? t("deactivate") : t("activate")}
              </Button>
              <span id="active-hint" className="sr-only">
                {t("activeHint")}
              </span>
              <Button variant="ghost" onClick={() => setDeleting(true)}>
                <Trash2 className="size-4" aria-hidden /> {c("actions.delete")}
              </Button>
            </>
          ) : null}
          <SaveButton
            pending={save.isPending}
            dirty={dirty}
            isNew={isNew}
            createLabel={t("create")}
            onSave={() => void submit()}
          />
        </div>
      </div>

      <ErrorSummary count={errors.length} unplaced={unplacedErrors} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <Card className="flex flex-col gap-4">
            <h2 className="font-semibold">{t("settings")}</h2>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                label={t("code")}
                hint={isNew ? t("codeHintNew") : t("codeHint")}
                error={errorFor("code")}
              >
                {(p) => (
                  <Input
                    {...p}
                    className="font-mono"
                    readOnly={!isNew}
                    disabled={!isNew}
                    placeholder={t("codePlaceholder")}
                    {...register("code")}
                  />
                )}
              </Field>
              <Field label={t("name")} error={errorFor("name")}>
                {(p) => <Input {...p} {...register("name")} />}
              </Field>
              <Field label={t("description")} className="sm:col-span-2" error={errorFor("description")}>
                {(p) => <Textarea {...p} rows={2} className="font-sans" {...register("description")} />}
              </Field>
              <Field label={t("type")} error={errorFor("type")}>
                {(p) => (
                  <Select {...p} {...register("type")}>
                    {TYPES.map((type) => (
                      <option key={type} value={type}>
                        {labels.type(type)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field
                label={t("defaultLocale")}
                hint={t("defaultLocaleHint")}
                error={errorFor("default_locale")}
              >
                {(p) => (
                  <Select {...p} {...register("default_locale")}>
                    {locales.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <CheckboxGroup
                legend={t("defaultChannels")}
                className="sm:col-span-2"
                options={CHANNELS}
                value={form.channels}
                onChange={(channels) => change("channels", channels)}
                label={channelLabel}
                hint={t("defaultChannelsHint")}
                error={errorFor("channels")}
              />
              {isNew ? (
                <label className="flex items-center gap-2 text-sm sm:col-span-2">
                  <input type="checkbox" className="size-4 accent-brand" {...register("is_active")} />
                  {t("activeCheckbox")}
                </label>
              ) : null}
            </div>
          </Card>

          <Card className="flex flex-col gap-4">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <h2 className="font-semibold">{t("content")}</h2>
              <div className="flex items-start gap-2">
                <Field label={<span className="sr-only">{t("newLocale")}</span>} error={localeError}>
                  {(p) => (
                    <Input
                      {...p}
                      className="w-32"
                      placeholder={t("newLocalePlaceholder")}
                      value={newLocale}
                      onChange={(e) => setNewLocale(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === "Enter") {
                          e.preventDefault();
                          addLocale();
                        }
                      }}
                    />
                  )}
                </Field>
                <Button onClick={addLocale}>
                  <Plus className="size-4" aria-hidden /> {t("addLocale")}
                </Button>
              </div>
            </div>
            <Tabs
              label={t("locales")}
              value={locale}
              onChange={setLocale}
              items={locales.map((l) => ({
                value: l,
                label: (
                  <span className="flex items-center gap-1">
                    {l}
                    {l === form.default_locale ? (
                      <span className="text-xs font-normal text-slate-500">{t("default")}</span>
                    ) : null}
                    {hasErrorUnder(`blocks.${l}.`) ? <ErrorDot /> : null}
                  </span>
                ),
              }))}
            />
            <Tabs
              label={t("channelsFor", { locale })}
              value={channel}
              onChange={setChannel}
              items={CHANNELS.map((ch) => ({
                value: ch,
                label: (
                  <span className={cn("flex items-center gap-1", !form.blocks[locale]?.[ch] && "opacity-60")}>
                    {channelLabel(ch)}
                    {hasErrorUnder(`blocks.${locale}.${ch}.`) ? <ErrorDot /> : null}
                  </span>
                ),
              }))}
            />
            <div role="tabpanel" aria-label={t("contentFor", { channel: channelLabel(channel), locale })}>
              {block ? (
                <BlockEditor
                  locale={locale}
                  channel={channel}
                  block={block}
                  onChange={setBlock}
                  onRemove={
                    locale === form.default_locale && channel === "app"
                      ? undefined
                      : () => setBlock(undefined)
                  }
                  errorFor={errorFor}
                />
              ) : (
                <div className="flex flex-col items-start gap-2 rounded-md border border-dashed border-slate-300 p-4 text-sm dark:border-slate-600">
                  <p className="text-slate-600 dark:text-slate-300">
                    {channel === "app"
                      ? t("noAppContent", { locale, defaultLocale: form.default_locale })
                      : t("noContent", { channel: channelLabel(channel), locale })}
                  </p>
                  <Button size="sm" onClick={() => setBlock(emptyBlock(channel))}>
                    <Plus className="size-3.5" aria-hidden />{" "}
                    {t("addContent", { channel: channelLabel(channel) })}
                  </Button>
                </div>
              )}
            </div>
            {locale !== form.default_locale ? (
              <div>
                <Button variant="ghost" size="sm" onClick={() => removeLocale(locale)}>
                  <Trash2 className="size-3.5" aria-hidden /> {t("removeLocale", { locale })}
                </Button>
              </div>
            ) : null}
          </Card>

          <Card className="flex flex-col gap-3">
            <div>
              <h2 className="font-semibold">{t("variables")}</h2>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                {t.rich("variablesHint", { code: (chunks) => <code className="font-mono">{chunks}</code> })}
              </p>
            </div>
            <VariablesTable
              variables={variables}
              savedNames={saved?.variables.map((v) => v.name) ?? []}
              onChange={(changed) =>
                // Keep notes on names no longer read: they come back if the name does.
                change("variables", [
                  ...changed,
                  ...form.variables.filter((v) => !changed.some((c) => c.name === v.name)),
                ])
              }
            />
          </Card>
        </div>

        <aside className="lg:sticky lg:top-4 lg:self-start">
          <Card className="flex flex-col gap-4">
            {isNew ? (
              <p className="text-sm text-slate-600 dark:text-slate-300">{t("createToPreview")}</p>
            ) : (
              <>
                <Tabs
                  label={t("sidePanel")}
                  value={side}
                  onChange={setSide}
                  items={[
                    { value: "preview", label: t("preview") },
                    { value: "history", label: t("history", { version: saved.version }) },
                  ]}
                />
                {/* Both stay mounted so the sample values survive a look at the history. */}
                <div hidden={side !== "preview"}>
                  <PreviewPanel
                    templateId={saved.id}
                    draft={draft}
                    variables={variables}
                    hasSyntaxErrors={live.errors.length > 0}
                    locale={locale}
                    channel={channel}
                  />
                </div>
                <div hidden={side !== "history"}>
                  <VersionHistory template={saved} dirty={dirty} onRestored={adopt} />
                </div>
              </>
            )}
          </Card>
        </aside>
      </div>

      {!isNew ? (
        <ConfirmDialog
          open={deleting}
          onCancel={() => setDeleting(false)}
          onConfirm={() => remove.mutate()}
          busy={remove.isPending}
          title={t("deleteTitle", { code: saved.code })}
          description={t("deleteText")}
        />
      ) : null}
    </main>
  );
}

function ErrorDot() {
  const t = useTranslations("templates.editor");
  return (
    <span className="inline-block size-2 rounded-full bg-red-500" role="img" aria-label={t("hasErrors")} />
  );
}
