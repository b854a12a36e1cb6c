"use client";
// API keys: create (the key is shown once, with a copy button), list with prefix, scopes and last
// use, change a key's scopes, revoke with confirmation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { apiKeyCreateSchema, apiKeyUpdateSchema } from "@/lib/auth/api-key-schema";
import type { apiKeyJson } from "@/lib/auth/api-key-store";
import { apiKeyScopes, type ApiKeyScope } from "@/lib/vocabulary/scopes";
import { apiFetch } from "@/lib/http/api-client";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { localToRfc3339 } from "@/components/admin/shared/recipients";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { SecretShownOnceDialog } from "../shared/secret-field";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { statusTone } from "../shared/format";
import { CheckboxGroup } from "@/components/ui/checkbox-group";

type ApiKey = ReturnType<typeof apiKeyJson>;

const KEYS = ["api-keys"];

function stateOf(k: ApiKey): "active" | "revoked" | "expired" {
  if (k.revoked_at) return "revoked";
  if (k.expires_at && new Date(k.expires_at).getTime() <= Date.now()) return "expired";
  return "active";
}

/** The scopes a key holds, each with what it allows (the same labels docs/SECURITY.md lists). */
function ScopePicker({
  value,
  onChange,
  error,
  className,
}: {
  value: ApiKeyScope[];
  onChange: (scopes: ApiKeyScope[]) => void;
  error?: string;
  className?: string;
}) {
  const t = useTranslations("apiKeys.scopes");
  return (
    <CheckboxGroup
      className={className}
      legend={t("legend")}
      options={apiKeyScopes}
      value={value}
      onChange={onChange}
      error={error}
      hint={t("hint")}
      label={(s) => (
        <span>
          <code className="text-xs">{s}</code>{" "}
          <span className="text-slate-500 dark:text-slate-400">{t(`labels.${s}`)}</span>
        </span>
      )}
    />
  );
}

type ScopesForm = { scopes: ApiKeyScope[] };
const scopesResolver = requestResolver(apiKeyUpdateSchema, (v: ScopesForm) => ({ scopes: v.scopes }));

function EditScopesDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  // A form per key: opening another key starts from its scopes.
  return apiKey ? <EditScopes key={apiKey.id} apiKey={apiKey} onClose={onClose} /> : null;
}

function EditScopes({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const t = useTranslations("apiKeys.scopes");
  const qc = useQueryClient();
  const form = useForm<ScopesForm>({ defaultValues: { scopes: apiKey.scopes }, resolver: scopesResolver });
  const scopes = useWatch({ control: form.control, name: "scopes" });
  const { errors, isSubmitted } = form.formState;
  const save = useMutation({
    mutationFn: (body: ScopesForm) =>
      apiFetch<ApiKey>(`/api/v1/api-keys/${apiKey.id}`, { method: "PATCH", body }),
    onSuccess: (k) => {
      toast.success(t("saved", { name: k.name }));
      qc.invalidateQueries({ queryKey: KEYS });
      onClose();
    },
    onError: (e) => setApiErrors(e, form.setError),
  });
  const submit = form.handleSubmit((v) => save.mutate(v));
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("title", { name: apiKey.name })}
      footer={
        <>
          <Button onClick={onClose}>{t("cancel")}</Button>
          <Button variant="primary" disabled={save.isPending} onClick={() => void submit()}>
            {save.isPending ? t("saving") : t("save")}
          </Button>
        </>
      }
    >
      <ScopePicker
        value={scopes}
        onChange={(s) => form.setValue("scopes", s, { shouldValidate: isSubmitted })}
        error={errorAt(errors, "scopes")}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">{t("applyNext")}</p>
      <FailureMessage error={save.error} />
    </Dialog>
  );
}

type CreateForm = {
  name: string;
  scopes: ApiKeyScope[];
  /** A datetime-local value in the admin's zone; "" for none. */
  expires_at: string;
};

const createResolver = requestResolver(apiKeyCreateSchema, createBodyOf);

function createBodyOf(v: CreateForm) {
  return { name: v.name, scopes: v.scopes, expires_at: localToRfc3339(v.expires_at) ?? undefined };
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKey & { key: string }) => void }) {
  const t = useTranslations("apiKeys.create");
  const qc = useQueryClient();
  const form = useForm<CreateForm>({
    defaultValues: { name: "", scopes: ["notifications:send"], expires_at: "" },
    resolver: createResolver,
  });
  const scopes = useWatch({ control: form.control, name: "scopes" });
  const { errors, isSubmitted } = form.formState;
  const create = useMutation({
    mutationFn: (v: CreateForm) =>
      apiFetch<ApiKey & { key: string }>("/api/v1/api-keys", { method: "POST", body: createBodyOf(v) }),
    onSuccess: (key) => {
      form.resetField("name");
      qc.invalidateQueries({ queryKey: KEYS });
      onCreated(key);
    },
    onError: (e) => setApiErrors(e, form.setError),
  });
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t("title")}</h2>
      <form
        className="grid gap-4 md:grid-cols-[1fr_1fr_auto] md:items-start"
        onSubmit={form.handleSubmit((v) => create.mutate(v))}
      >
        <Field label={t("name")} error={errorAt(errors, "name")} hint={t("nameHint")}>
          {(p) => <Input {...p} maxLength={100} {...form.register("name")} />}
        </Field>
        <Field label={t("expires")} error={errorAt(errors, "expires_at")}>
          {(p) => <Input {...p} type="datetime-local" {...form.register("expires_at")} />}
        </Field>
        <ScopePicker
          className="md:col-span-3"
          value={scopes}
          onChange={(s) => form.setValue("scopes", s, { shouldValidate: isSubmitted })}
          error={errorAt(errors, "scopes")}
        />
        <div className="md:col-span-3">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            <KeyRound className="size-4" aria-hidden /> {create.isPending ? t("creating") : t("submit")}
          </Button>
          <FailureMessage error={create.error} className="mt-2" />
        </div>
      </form>
    </Card>
  );
}

function NewKeyDialog({
  created,
  onClose,
}: {
  created: (ApiKey & { key: string }) | null;
  onClose: () => void;
}) {
  const t = useTranslations("apiKeys.newKey");
  return (
    <SecretShownOnceDialog
      secret={created?.key ?? null}
      title={t("title")}
      label={t("label", { name: created?.name ?? "" })}
      noun={t("noun")}
      note={t("note")}
      onClose={onClose}
    />
  );
}

export function ApiKeysPage() {
  const t = useTranslations("apiKeys.list");
  const formatTime = useFormatTime();
  const qc = useQueryClient();
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [editingScopes, setEditingScopes] = useState<ApiKey | null>(null);
  const keys = useQuery({
    queryKey: KEYS,
    queryFn: () => apiFetch<{ api_keys: ApiKey[] }>("/api/v1/api-keys"),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch<ApiKey>(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: (k) => {
      toast.success(t("revoked", { name: k.name }));
      setRevoking(null);
      qc.invalidateQueries({ queryKey: KEYS });
    },
    onError: (e) => toast.error(e.message),
  });
  const rows = keys.data?.api_keys ?? [];
  return (
    <div className="flex flex-col gap-6">
      <CreateKeyForm onCreated={setCreated} />
      <section aria-labelledby="keys-heading" className="flex flex-col gap-2">
        <h2 id="keys-heading" className="font-semibold">
          {t("title")}
        </h2>
        {keys.error ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : keys.isLoading ? (
          <Skeleton className="h-32" />
        ) : rows.length === 0 ? (
          <EmptyState title={t("emptyTitle")}>{t("emptyText")}</EmptyState>
        ) : (
          <Table>
            <caption className="sr-only">{t("caption")}</caption>
            <thead>
              <tr>
                <Th>{t("columns.name")}</Th>
                <Th>{t("columns.key")}</Th>
                <Th>{t("columns.scopes")}</Th>
                <Th>{t("columns.created")}</Th>
                <Th>{t("columns.lastUsed")}</Th>
                <Th>{t("columns.status")}</Th>
                <Th>
                  <span className="sr-only">{t("columns.actions")}</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((k) => {
                const state = stateOf(k);
                return (
                  <tr key={k.id}>
                    <Td className="font-medium">{k.name}</Td>
                    <Td>
                      <code className="text-xs">{k.prefix}…</code>
                    </Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        {k.scopes.map((s) => (
                          <Badge key={s} tone={s === "admin" ? "amber" : "indigo"}>
                            {s}
                          </Badge>
                        ))}
                      </div>
                    </Td>
                    <Td className="whitespace-nowrap">{formatTime(k.created_at)}</Td>
                    <Td className="whitespace-nowrap">
                      {k.last_used_at ? formatTime(k.last_used_at) : t("never")}
                    </Td>
                    <Td>
                      <Badge tone={statusTone(state)}>{t(`state.${state}`)}</Badge>
                      {k.expires_at && state === "active" ? (
                        <span className="ml-1 text-xs text-slate-500">
                          {t("until", { time: formatTime(k.expires_at) })}
                        </span>
                      ) : null}
                    </Td>
                    <Td className="whitespace-nowrap text-right">
                      {state === "revoked" ? null : (
                        <div className="flex justify-end gap-2">
                          {k.is_super ? null : (
                            <Button
                              size="sm"
                              onClick={() => setEditingScopes(k)}
                              aria-label={t("editScopesLabel", { name: k.name })}
                            >
                              {t("editScopes")}
                            </Button>
                          )}
                          <Button
                            variant="danger"
                            size="sm"
                            onClick={() => setRevoking(k)}
                            aria-label={t("revokeLabel", { name: k.name })}
                          >
                            {t("revoke")}
                          </Button>
                        </div>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </section>
      <NewKeyDialog created={created} onClose={() => setCreated(null)} />
      <EditScopesDialog apiKey={editingScopes} onClose={() => setEditingScopes(null)} />
      <ConfirmDialog
        open={revoking !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        busy={revoke.isPending}
        title={t("revokeTitle", { name: revoking?.name ?? "" })}
        description={t("revokeText")}
        confirmLabel={t("revokeConfirm")}
      />
    </div>
  );
}
