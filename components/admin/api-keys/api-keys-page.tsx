"use client";
// API keys: create (the key is shown once, with a copy button), list with prefix, scopes and last
// use, change a key's scopes, revoke with confirmation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { apiKeyCreateSchema, apiKeyUpdateSchema } from "@/lib/auth/api-key-schema";
import type { apiKeyJson } from "@/lib/auth/api-key-store";
import { apiKeyScopes, scopeLabels, type ApiKeyScope } from "@/lib/vocabulary/scopes";
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
import { formatTime, statusTone } from "../shared/format";
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
  return (
    <CheckboxGroup
      className={className}
      legend="Scopes"
      options={apiKeyScopes}
      value={value}
      onChange={onChange}
      error={error}
      hint="Give a key only what its service needs: a refused request names the missing scope."
      label={(s) => (
        <span>
          <code className="text-xs">{s}</code>{" "}
          <span className="text-slate-500 dark:text-slate-400">{scopeLabels[s]}</span>
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
  const qc = useQueryClient();
  const form = useForm<ScopesForm>({ defaultValues: { scopes: apiKey.scopes }, resolver: scopesResolver });
  const scopes = useWatch({ control: form.control, name: "scopes" });
  const { errors, isSubmitted } = form.formState;
  const save = useMutation({
    mutationFn: (body: ScopesForm) =>
      apiFetch<ApiKey>(`/api/v1/api-keys/${apiKey.id}`, { method: "PATCH", body }),
    onSuccess: (k) => {
      toast.success(`Scopes of “${k.name}” saved`);
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
      title={`Scopes of “${apiKey.name}”`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={save.isPending} onClick={() => void submit()}>
            {save.isPending ? "Saving…" : "Save scopes"}
          </Button>
        </>
      }
    >
      <ScopePicker
        value={scopes}
        onChange={(s) => form.setValue("scopes", s, { shouldValidate: isSubmitted })}
        error={errorAt(errors, "scopes")}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">
        The new scopes apply to the key&apos;s next request on every node.
      </p>
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
      <h2 className="mb-3 font-semibold">Create a key</h2>
      <form
        className="grid gap-4 md:grid-cols-[1fr_1fr_auto] md:items-start"
        onSubmit={form.handleSubmit((v) => create.mutate(v))}
      >
        <Field label="Name" error={errorAt(errors, "name")} hint="Say which service uses it">
          {(p) => <Input {...p} maxLength={100} {...form.register("name")} />}
        </Field>
        <Field label="Expires (optional)" error={errorAt(errors, "expires_at")}>
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
            <KeyRound className="size-4" aria-hidden /> {create.isPending ? "Creating…" : "Create key"}
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
  return (
    <SecretShownOnceDialog
      secret={created?.key ?? null}
      title="Your new API key"
      label={`Key “${created?.name ?? ""}”`}
      noun="key"
      note="Only a hash is stored."
      onClose={onClose}
    />
  );
}

export function ApiKeysPage() {
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
      toast.success(`Key “${k.name}” revoked`);
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
          Keys
        </h2>
        {keys.error ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : keys.isLoading ? (
          <Skeleton className="h-32" />
        ) : rows.length === 0 ? (
          <EmptyState title="No API keys yet">
            Create one above for each service that calls Herald.
          </EmptyState>
        ) : (
          <Table>
            <caption className="sr-only">API keys</caption>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
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
                      {k.last_used_at ? formatTime(k.last_used_at) : "Never"}
                    </Td>
                    <Td>
                      <Badge tone={statusTone(state)}>{state}</Badge>
                      {k.expires_at && state === "active" ? (
                        <span className="ml-1 text-xs text-slate-500">until {formatTime(k.expires_at)}</span>
                      ) : null}
                    </Td>
                    <Td className="whitespace-nowrap text-right">
                      {state === "revoked" ? null : (
                        <div className="flex justify-end gap-2">
                          {k.is_super ? null : (
                            <Button
                              size="sm"
                              onClick={() => setEditingScopes(k)}
                              aria-label={`Edit scopes of ${k.name}`}
                            >
                              Scopes
                            </Button>
                          )}
                          <Button
                            variant="danger"
                            size="sm"
                            onClick={() => setRevoking(k)}
                            aria-label={`Revoke ${k.name}`}
                          >
                            Revoke
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
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description="Requests with this key are refused at once. This cannot be undone: services using it need a new key."
        confirmLabel="Revoke key"
      />
    </div>
  );
}
