"use client";
// Create or edit a provider account. Secrets are write-only: on edit their inputs start empty and a
// blank one keeps the stored value (the API merges the secrets it is given).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { integrationJson } from "@/lib/integrations/store";
import type { IntegrationProvider } from "@/lib/integrations/schema";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge } from "@/components/ui/misc";
import { PROVIDERS } from "./providers";

export type Integration = ReturnType<typeof integrationJson>;

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
  const [provider, setProvider] = useState<IntegrationProvider>(existing?.provider ?? "resend");
  const spec = PROVIDERS[provider];
  const [channel, setChannel] = useState<string>(existing?.channel ?? spec.channels[0]!);
  const [name, setName] = useState(existing?.name ?? "");
  const [isActive, setIsActive] = useState(existing?.is_active ?? true);
  const [isDefault, setIsDefault] = useState(existing?.is_default ?? false);
  const [config, setConfig] = useState<Record<string, string>>(
    Object.fromEntries(Object.entries(existing?.config ?? {}).map(([k, v]) => [k, String(v ?? "")])),
  );
  const [secrets, setSecrets] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () => {
      const cfg = Object.fromEntries(
        spec.config.map((f) => [f.key, config[f.key]?.trim()]).filter(([, v]) => v),
      ) as Record<string, string>;
      const sec = Object.fromEntries(
        spec.secrets.map((f) => [f.key, secrets[f.key]]).filter(([, v]) => v),
      ) as Record<string, string>;
      if (existing) {
        return apiFetch<Integration>(`/api/v1/integrations/${existing.id}`, {
          method: "PUT",
          body: {
            name,
            is_active: isActive,
            is_default: isDefault,
            config: cfg,
            ...(Object.keys(sec).length > 0 ? { secrets: sec } : {}),
          },
        });
      }
      return apiFetch<Integration>("/api/v1/integrations", {
        method: "POST",
        body: {
          provider,
          channel,
          name,
          is_active: isActive,
          is_default: isDefault,
          config: cfg,
          secrets: sec,
        },
      });
    },
    onSuccess: onSaved,
  });
  const err = save.error instanceof ApiError ? save.error : null;

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <ChoiceField
          label="Provider"
          error={err?.fieldError("provider")}
          value={provider}
          disabled={Boolean(existing)}
          options={Object.entries(PROVIDERS).map(([value, s]) => ({ value, label: s.label }))}
          onChange={(value) => {
            const next = value as IntegrationProvider;
            setProvider(next);
            setChannel(PROVIDERS[next].channels[0]!);
          }}
        />
        <ChoiceField
          label="Channel"
          error={err?.fieldError("channel")}
          value={channel}
          disabled={Boolean(existing)}
          options={spec.channels.map((c) => ({ value: c, label: c }))}
          onChange={setChannel}
        />
      </div>
      <Field label="Name" error={err?.fieldError("name")}>
        {(p) => (
          <Input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        )}
      </Field>
      {spec.config.map((f) => (
        <Field
          key={f.key}
          label={f.optional ? `${f.label} (optional)` : f.label}
          error={err?.fieldError(`config.${f.key}`)}
        >
          {(p) => (
            <Input
              {...p}
              value={config[f.key] ?? ""}
              placeholder={f.placeholder}
              required={!f.optional}
              onChange={(e) => setConfig((c) => ({ ...c, [f.key]: e.target.value }))}
            />
          )}
        </Field>
      ))}
      {spec.secrets.map((f) => {
        const stored = existing?.secrets_set.includes(f.key);
        return (
          <Field
            key={f.key}
            label={
              <span className="flex items-center gap-2">
                {f.label} {stored ? <Badge tone="green">stored</Badge> : null}
              </span>
            }
            hint={
              existing
                ? "Write-only. Leave blank to keep the stored value (enter it again when the host changes)."
                : "Write-only: never shown again."
            }
            error={err?.fieldError(`secrets.${f.key}`)}
          >
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="new-password"
                value={secrets[f.key] ?? ""}
                placeholder={existing ? "••••••••" : f.placeholder}
                required={!existing}
                onChange={(e) => setSecrets((s) => ({ ...s, [f.key]: e.target.value }))}
              />
            )}
          </Field>
        );
      })}
      <div className="flex flex-wrap gap-5 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className={cn("size-4", focusRing)}
            checked={isActive}
            onChange={(e) => setIsActive(e.target.checked)}
          />
          Active
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className={cn("size-4", focusRing)}
            checked={isDefault}
            onChange={(e) => setIsDefault(e.target.checked)}
          />
          Default for {channel}
        </label>
      </div>
      {save.error && !err?.errors.length ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : existing ? "Save" : "Create"}
        </Button>
      </div>
    </form>
  );
}
