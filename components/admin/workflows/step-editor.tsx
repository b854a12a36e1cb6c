"use client";
// One step of a workflow's flow: its id, type and condition, then the fields of its type — a channel
// step's template or inline content (the template editor's block fields), a delay's wait, a
// digest's window and key, a throttle's limit. Each error sits under the field the API names.
import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useDeferredValue, useId, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Card } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import { isChannelStepType, stepChannel } from "@/lib/workflows/steps";
import type { TemplatePage } from "@/components/admin/shared/types";
import { BlockEditor } from "@/components/admin/templates/block-editor";
import { channelFields, emptyBlock, TEMPLATES_API } from "@/components/admin/templates/model";
import type { DurationUnit } from "@/lib/db/schema/workflows";
import { useStepLabel } from "./labels";
import { newStep, STEP_TYPES, UNITS, WEEKDAYS, type StepForm, type StepType } from "./model";

type ErrorFor = (field: string) => string | undefined;

/** The fields each step type shows an input for; a step's other errors are listed at its foot. */
function placedFields(step: StepForm): string[] {
  const common = ["id", "type", "if"];
  switch (step.type) {
    case "delay":
      return [...common, "amount", "unit", "until", "until_local_time"];
    case "digest":
      return [...common, "window", "key", "max_events", "allow_user_cadence"];
    case "throttle":
      return [...common, "limit", "window", "key"];
    default:
      return [...common, "template", "data", ...channelFields(stepChannel[step.type]).map((f) => f.name)];
  }
}

export function StepEditor({
  index,
  count,
  step,
  onChange,
  onMove,
  onRemove,
  errorFor,
  errors,
  takenIds,
}: {
  index: number;
  count: number;
  step: StepForm;
  onChange: (step: StepForm) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  errorFor: ErrorFor;
  /** Every error under this step, by its field within the step (`title`, `window.amount`). */
  errors: { field: string; message: string }[];
  /** The other steps' ids, so a new default id is unique. */
  takenIds: string[];
}) {
  const t = useTranslations("workflows.step");
  const stepLabel = useStepLabel();
  const headingId = useId();
  const n = index + 1;
  const path = `steps.${index}`;
  const at = (field: string) => errorFor(`${path}.${field}`);
  const placed = placedFields(step);
  const rest = errors.filter((e) => !placed.includes(e.field.split(".")[0]!));
  const changeType = (type: StepType) => {
    // An id still the old type's default follows the type; one the author chose stays.
    const isDefaultId = new RegExp(`^${step.type}(-\\d+)?$`).test(step.id);
    onChange({
      ...step,
      id: isDefaultId ? newStep(type, takenIds).id : step.id,
      type,
      block: isChannelStepType(type) ? emptyBlock(stepChannel[type]) : {},
    });
  };

  return (
    <Card className="flex flex-col gap-3" role="group" aria-labelledby={headingId}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="font-semibold">
          {t("heading", { n, type: stepLabel(step.type) })}
        </h3>
        <div className="flex gap-1">
          <Button
            size="sm"
            variant="ghost"
            aria-label={t("moveUp", { n })}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUp className="size-4" aria-hidden />
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={t("moveDown", { n })}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDown className="size-4" aria-hidden />
          </Button>
          <Button size="sm" variant="ghost" aria-label={t("remove", { n })} onClick={onRemove}>
            <Trash2 className="size-4" aria-hidden />
          </Button>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("id")} hint={t("idHint")} error={at("id")}>
          {(p) => (
            <Input
              {...p}
              className="font-mono"
              value={step.id}
              onChange={(e) => onChange({ ...step, id: e.target.value })}
            />
          )}
        </Field>
        <Field label={t("type")} error={at("type")}>
          {(p) => (
            <Select {...p} value={step.type} onChange={(e) => changeType(e.target.value as StepType)}>
              {STEP_TYPES.map((type) => (
                <option key={type} value={type}>
                  {stepLabel(type)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("condition")} className="sm:col-span-2" hint={t("conditionHint")} error={at("if")}>
          {(p) => (
            <Input
              {...p}
              className="font-mono"
              spellCheck={false}
              value={step.condition}
              onChange={(e) => onChange({ ...step, condition: e.target.value })}
            />
          )}
        </Field>
      </div>

      {isChannelStepType(step.type) ? (
        <ChannelFields step={step} path={path} onChange={onChange} errorFor={errorFor} />
      ) : step.type === "delay" ? (
        <DelayFields step={step} onChange={onChange} at={at} />
      ) : step.type === "digest" ? (
        <DigestFields step={step} onChange={onChange} at={at} />
      ) : (
        <ThrottleFields step={step} onChange={onChange} at={at} />
      )}

      {rest.length > 0 ? (
        <ul role="alert" className="list-disc pl-5 text-xs text-red-600 dark:text-red-400">
          {rest.map((e) => (
            <li key={e.field}>
              {e.field ? (
                <>
                  <code>{e.field}</code>:{" "}
                </>
              ) : null}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function ChannelFields({
  step,
  path,
  onChange,
  errorFor,
}: {
  step: StepForm;
  path: string;
  onChange: (step: StepForm) => void;
  errorFor: ErrorFor;
}) {
  const t = useTranslations("workflows.step");
  const stepLabel = useStepLabel();
  const type = step.type as keyof typeof stepChannel;
  const channel = stepChannel[type];
  const name = useId();
  // The block editor names its fields as a template's (`blocks.<locale>.<channel>.<field>`); a
  // step's fields are `steps.<n>.<field>`.
  const blockPath = `blocks.${name}.${channel}`;
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">{t("contentSource")}</legend>
        {(["template", "inline"] as const).map((source) => (
          <label key={source} className="flex items-center gap-2">
            <input
              type="radio"
              name={`${name}-source`}
              className="size-4 accent-brand"
              checked={step.source === source}
              onChange={() => onChange({ ...step, source })}
            />
            {source === "template" ? t("useTemplate") : t("writeInline")}
          </label>
        ))}
      </fieldset>
      {step.source === "template" ? (
        <TemplatePicker
          value={step.template}
          onChange={(template) => onChange({ ...step, template })}
          error={errorFor(`${path}.template`)}
          hint={t("templateHint", { channel: stepLabel(type) })}
        />
      ) : (
        <BlockEditor
          locale={name}
          channel={channel}
          block={step.block}
          onChange={(block) => onChange({ ...step, block })}
          errorFor={(field) => errorFor(path + field.slice(blockPath.length))}
        />
      )}
      {step.type === "chat" ? (
        <Field
          label={t("chatTargets")}
          error={errorFor(`${path}.chat_targets`) ?? errorFor(`${path}.chat_targets.0`)}
          hint={t("chatTargetsHint")}
        >
          {(p) => (
            <Input
              {...p}
              placeholder={t("examples.chatTarget")}
              value={step.chatTargets}
              onChange={(e) => onChange({ ...step, chatTargets: e.target.value })}
            />
          )}
        </Field>
      ) : null}
    </div>
  );
}

/** A template code, typed or picked from the templates matching what is typed. */
function TemplatePicker({
  value,
  onChange,
  error,
  hint,
}: {
  value: string;
  onChange: (code: string) => void;
  error?: string;
  hint: ReactNode;
}) {
  const t = useTranslations("workflows.step");
  const listId = useId();
  const search = useDeferredValue(value.trim());
  const templates = useQuery({
    queryKey: ["admin", "templates", "picker", search],
    queryFn: () =>
      apiFetch<TemplatePage>(TEMPLATES_API, { query: { search, is_active: true, page_size: 20 } }),
    staleTime: 30_000,
  });
  return (
    <Field label={t("template")} hint={hint} error={error}>
      {(p) => (
        <>
          <Input
            {...p}
            className="font-mono"
            list={listId}
            autoComplete="off"
            placeholder={t("templatePlaceholder")}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
          <datalist id={listId}>
            {templates.data?.templates.map((t) => (
              <option key={t.id} value={t.code}>
                {t.name}
              </option>
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

type Fields = { step: StepForm; onChange: (step: StepForm) => void; at: ErrorFor };

/** An amount and a unit side by side, e.g. a delay's wait or a throttle's window. */
function DurationFields({
  label,
  amount,
  unit,
  onChange,
  errorAmount,
  errorUnit,
}: {
  label: string;
  amount: string;
  unit: DurationUnit;
  onChange: (d: { amount: string; unit: DurationUnit }) => void;
  errorAmount?: string;
  errorUnit?: string;
}) {
  const t = useTranslations("workflows.step");
  return (
    <div className="flex flex-wrap items-start gap-2">
      <Field label={label} className="w-32" error={errorAmount}>
        {(p) => (
          <Input
            {...p}
            type="number"
            min={1}
            inputMode="numeric"
            value={amount}
            onChange={(e) => onChange({ amount: e.target.value, unit })}
          />
        )}
      </Field>
      <Field label={t("unit")} className="w-36" error={errorUnit}>
        {(p) => (
          <Select
            {...p}
            value={unit}
            onChange={(e) => onChange({ amount, unit: e.target.value as DurationUnit })}
          >
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`units.${u}`)}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
}

function DelayFields({ step, onChange, at }: Fields) {
  const t = useTranslations("workflows.step");
  const d = step.delay;
  const set = (next: Partial<StepForm["delay"]>) => onChange({ ...step, delay: { ...d, ...next } });
  return (
    <div className="flex flex-col gap-3">
      <Field label={t("wait")}>
        {(p) => (
          <Select {...p} value={d.mode} onChange={(e) => set({ mode: e.target.value as typeof d.mode })}>
            <option value="duration">{t("waitDuration")}</option>
            <option value="until">{t("waitUntil")}</option>
            <option value="local">{t("waitLocal")}</option>
          </Select>
        )}
      </Field>
      {d.mode === "duration" ? (
        <DurationFields
          label={t("waitFor")}
          amount={d.amount}
          unit={d.unit}
          onChange={set}
          errorAmount={at("amount")}
          errorUnit={at("unit")}
        />
      ) : d.mode === "until" ? (
        <Field label={t("until")} hint={t("untilHint")} error={at("until")}>
          {(p) => (
            <Input
              {...p}
              className="font-mono"
              value={d.until}
              onChange={(e) => set({ until: e.target.value })}
            />
          )}
        </Field>
      ) : (
        <Field
          label={t("untilLocal")}
          hint={t("untilLocalHint")}
          className="w-40"
          error={at("until_local_time")}
        >
          {(p) => (
            <Input {...p} type="time" value={d.local} onChange={(e) => set({ local: e.target.value })} />
          )}
        </Field>
      )}
    </div>
  );
}

function KeyField({
  value,
  onChange,
  error,
  hint,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint: string;
}) {
  const t = useTranslations("workflows.step");
  return (
    <Field label={t("key")} hint={hint} error={error}>
      {(p) => (
        <Input
          {...p}
          className="font-mono"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

function DigestFields({ step, onChange, at }: Fields) {
  const t = useTranslations("workflows.step");
  const d = step.digest;
  const set = (next: Partial<StepForm["digest"]>) => onChange({ ...step, digest: { ...d, ...next } });
  const windowError = d.mode === "window" ? undefined : at("window");
  return (
    <div className="flex flex-col gap-3">
      <Field label={t("collect")} error={windowError}>
        {(p) => (
          <Select {...p} value={d.mode} onChange={(e) => set({ mode: e.target.value as typeof d.mode })}>
            <option value="window">{t("collectWindow")}</option>
            <option value="daily">{t("collectDaily")}</option>
            <option value="weekly">{t("collectWeekly")}</option>
          </Select>
        )}
      </Field>
      {d.mode === "window" ? (
        <DurationFields
          label={t("window")}
          amount={d.amount}
          unit={d.unit}
          onChange={set}
          errorAmount={at("window.amount") ?? at("window")}
          errorUnit={at("window.unit")}
        />
      ) : (
        <div className="flex flex-wrap items-start gap-2">
          {d.mode === "weekly" ? (
            <Field label={t("weekday")} className="w-40" error={at("window.weekday")}>
              {(p) => (
                <Select
                  {...p}
                  value={d.weekday}
                  onChange={(e) => set({ weekday: e.target.value as typeof d.weekday })}
                >
                  {WEEKDAYS.map((w) => (
                    <option key={w} value={w}>
                      {t(`weekdays.${w}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          ) : null}
          <Field label={t("at")} hint={t("atHint")} className="w-40" error={at("window.at")}>
            {(p) => <Input {...p} type="time" value={d.at} onChange={(e) => set({ at: e.target.value })} />}
          </Field>
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <KeyField
          value={d.key}
          onChange={(key) => set({ key })}
          error={at("key")}
          hint={t("digestKeyHint")}
        />
        <Field label={t("maxEvents")} error={at("max_events")}>
          {(p) => (
            <Input
              {...p}
              type="number"
              min={1}
              value={d.max_events}
              onChange={(e) => set({ max_events: e.target.value })}
            />
          )}
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-brand"
          checked={d.allow_user_cadence}
          onChange={(e) => set({ allow_user_cadence: e.target.checked })}
        />
        {t("userCadence")}
      </label>
    </div>
  );
}

function ThrottleFields({ step, onChange, at }: Fields) {
  const tr = useTranslations("workflows.step");
  const t = step.throttle;
  const set = (next: Partial<StepForm["throttle"]>) => onChange({ ...step, throttle: { ...t, ...next } });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-2">
        <Field label={tr("limit")} className="w-32" error={at("limit")}>
          {(p) => (
            <Input
              {...p}
              type="number"
              min={1}
              value={t.limit}
              onChange={(e) => set({ limit: e.target.value })}
            />
          )}
        </Field>
        <DurationFields
          label={tr("per")}
          amount={t.amount}
          unit={t.unit}
          onChange={set}
          errorAmount={at("window.amount") ?? at("window")}
          errorUnit={at("window.unit")}
        />
      </div>
      <KeyField
        value={t.key}
        onChange={(key) => set({ key })}
        error={at("key")}
        hint={tr("throttleKeyHint")}
      />
    </div>
  );
}
