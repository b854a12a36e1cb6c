"use client";
// Create or edit a provider account. Secrets are write-only: on edit their inputs start empty and a
// blank one keeps the stored value (the API merges the secrets it is given). The form checks with
// the API's own schemas; what only the server knows (the host allow-list) lands via setApiErrors.
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm, useWatch } from "react-hook-form";
import type { integrationJson } from "@/lib/integrations/store";
import {
  integrationCreateSchema,
  integrationUpdateSchema,
  isMobilePushProvider,
  providerSpecs,
  type IntegrationProvider,
} from "@/lib/integrations/schema";
import { apiFetch } from "@/lib/http/api-client";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Badge } from "@/components/ui/misc";
import { PROVIDERS, type FieldSpec } from "./providers";

export type Integration = ReturnType<typeof integrationJson>;

/** The form's inputs, named as the request's fields. */
export type IntegrationForm = {
  provider: IntegrationProvider;
  channel: string;
  name: string;
  is_active: boolean;
  is_default: boolean;
  config: Record<string, string>;
  secrets: Record<string, string>;
};

export function integrationFormOf(existing?: Integration): IntegrationForm {
  const provider = existing?.provider ?? "resend";
  return {
    provider,
    channel: existing?.channel ?? PROVIDERS[provider].channels[0]!,
    name: existing?.name ?? "",
    is_active: existing?.is_active ?? true,
    is_default: existing?.is_default ?? false,
    config: Object.fromEntries(Object.entries(existing?.config ?? {}).map(([k, v]) => [k, String(v ?? "")])),
    secrets: {},
  };
}

/**
 * The create request, or the update one for an existing integration: only the provider's fields,
 * empty ones left out (a blank secret keeps the stored one).
 */
export function integrationBodyOf(v: IntegrationForm, isNew: boolean) {
  const spec = PROVIDERS[v.provider];
  const config = Object.fromEntries(
    spec.config.map((f) => [f.key, v.config[f.key]?.trim()]).filter(([, x]) => x),
  ) as Record<string, string>;
  const secrets = Object.fromEntries(
    spec.secrets.map((f) => [f.key, v.secrets[f.key]]).filter(([, x]) => x),
  ) as Record<string, string>;
  // Mobile senders are never a chain's default (the form hides the box; a value left from another provider goes).
  const isDefault = isMobilePushProvider(v.provider) ? false : v.is_default;
  const common = { name: v.name, is_active: v.is_active, is_default: isDefault, config };
  if (!isNew) return { ...common, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
  return { provider: v.provider, channel: v.channel, ...common, secrets };
}

/**
 * The request's rules: the create schema, or for an edit the update one with the settings checked
 * against the provider as the API does (the secrets given are merged, so each is checked alone).
 */
export function integrationResolver(existing?: Pick<Integration, "provider">) {
  if (!existing)
    return requestResolver(integrationCreateSchema, (v: IntegrationForm) => integrationBodyOf(v, true));
  const spec = providerSpecs[existing.provider];
  const schema = integrationUpdateSchema.extend({
    config: spec.config.optional(),
    secrets: spec.secrets.partial().optional(),
  });
  return requestResolver(schema, (v: IntegrationForm) => integrationBodyOf(v, false));
}

/** The provider and channel selects (both fixed once the integration exists). */
function ChoiceField({
  label,
  error,
  value,
  disabled,
  options,
  onChange,
}: {
  label: string;
  error?: string;
  value: string;
  disabled: boolean;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} error={error}>
      {(p) => (
        <Select {...p} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export function IntegrationForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing?: Integration;
  onSaved: (row: Integration) => void;
  onCancel: () => void;
}) {
  const form = useForm<IntegrationForm>({
    defaultValues: integrationFormOf(existing),
    resolver: integrationResolver(existing),
  });
  const { register, setValue, setError, handleSubmit } = form;
  const { errors } = form.formState;
  const [provider, channel] = useWatch({ control: form.control, name: ["provider", "channel"] });
  const spec = PROVIDERS[provider];
  const t = useTranslations("integrations");
  // A field's key is the provider spec's (a string): every spec'd field has its label in the catalogue.
  const keyOf = (path: string) => path as Parameters<typeof t>[0];
  const fieldLabel = (f: FieldSpec) => t(keyOf(`providers.${provider}.fields.${f.key}`));
  // Most placeholders are examples of the value (an address, a key's prefix): only those in words
  // have a translation.
  const placeholderOf = (f: FieldSpec) => {
    const key = keyOf(`providers.${provider}.placeholders.${f.key}`);
    return t.has(key) ? t(key) : f.placeholder;
  };

  const save = useMutation({
    mutationFn: (v: IntegrationForm) =>
      existing
        ? apiFetch<Integration>(`/api/v1/integrations/${existing.id}`, {
            method: "PUT",
            body: integrationBodyOf(v, false),
          })
        : apiFetch<Integration>("/api/v1/integrations", { method: "POST", body: integrationBodyOf(v, true) }),
    onSuccess: onSaved,
    onError: (e) => setApiErrors(e, setError),
  });
  const err = (field: string) => errorAt(errors, field);

  return (
    <form className="flex flex-col gap-3" onSubmit={handleSubmit((v) => save.mutate(v))}>
      <div className="grid gap-3 sm:grid-cols-2">
        <ChoiceField
          label={t("form.provider")}
          error={err("provider")}
          value={provider}
          disabled={Boolean(existing)}
          options={(Object.keys(PROVIDERS) as IntegrationProvider[]).map((value) => ({
            value,
            label: t(`providers.${value}.label`),
          }))}
          onChange={(value) => {
            const next = value as IntegrationProvider;
            setValue("provider", next);
            setValue("channel", PROVIDERS[next].channels[0]!);
          }}
        />
        <ChoiceField
          label={t("form.channel")}
          error={err("channel")}
          value={channel}
          disabled={Boolean(existing)}
          options={spec.channels.map((c) => ({ value: c, label: c }))}
          onChange={(value) => setValue("channel", value)}
        />
      </div>
      <Field label={t("form.name")} error={err("name")}>
        {(p) => <Input {...p} {...register("name")} />}
      </Field>
      {spec.config.map((f) => (
        <Field
          key={f.key}
          label={f.optional ? t("form.optional", { label: fieldLabel(f) }) : fieldLabel(f)}
          error={err(`config.${f.key}`)}
        >
          {(p) => <Input {...p} placeholder={placeholderOf(f)} {...register(`config.${f.key}`)} />}
        </Field>
      ))}
      {spec.secrets.map((f) => {
        const stored = existing?.secrets_set.includes(f.key);
        return (
          <Field
            key={f.key}
            label={
              <span className="flex items-center gap-2">
                {fieldLabel(f)} {stored ? <Badge tone="green">{t("form.stored")}</Badge> : null}
              </span>
            }
            hint={existing ? t("form.secretHintEdit") : t("form.secretHintNew")}
            error={err(`secrets.${f.key}`)}
          >
            {(p) =>
              f.multiline ? (
                <Textarea
                  {...p}
                  rows={6}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder={existing ? "••••••••" : placeholderOf(f)}
                  {...register(`secrets.${f.key}`)}
                />
              ) : (
                <Input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  placeholder={existing ? "••••••••" : placeholderOf(f)}
                  {...register(`secrets.${f.key}`)}
                />
              )
            }
          </Field>
        );
      })}
      <div className="flex flex-wrap gap-5 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" className={cn("size-4", focusRing)} {...register("is_active")} />
          {t("form.active")}
        </label>
        {/* A mobile sender reaches its platform's devices beside the push chain, never in it. */}
        {isMobilePushProvider(provider) ? null : (
          <label className="flex items-center gap-2">
            <input type="checkbox" className={cn("size-4", focusRing)} {...register("is_default")} />
            {t("form.defaultFor", { channel })}
          </label>
        )}
      </div>
      <FailureMessage error={save.error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>{t("actions.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? t("actions.saving") : existing ? t("actions.save") : t("actions.create")}
        </Button>
      </div>
    </form>
  );
}
