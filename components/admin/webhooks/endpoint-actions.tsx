"use client";
// What the list and an endpoint's own page both do to an endpoint: enable/disable, send a test event,
// rotate its secret (the new one shown once), and the dialog that shows a secret once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import type { z } from "zod";
import type { webhookEndpointSchema, webhookEndpointWithSecretSchema } from "@/lib/outbound-webhooks/schema";
import { apiFetch } from "@/lib/http/api-client";
import { webhookDisabledReasonLabels } from "@/lib/vocabulary/webhook-events";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SecretShownOnceDialog } from "../shared/secret-field";
import { Badge } from "@/components/ui/misc";

export type WebhookEndpoint = z.input<typeof webhookEndpointSchema>;
export type WebhookEndpointWithSecret = z.input<typeof webhookEndpointWithSecretSchema>;

export const ENDPOINTS_KEY = ["webhook-endpoints"];
export const endpointPath = (id: string) => `/api/v1/webhook-endpoints/${encodeURIComponent(id)}`;

/** The endpoint's state badge, with the reason when Herald disabled it. */
export function EndpointState({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <div className="flex flex-col gap-0.5">
      <span>
        <Badge tone={endpoint.enabled ? "green" : "amber"}>{endpoint.enabled ? "enabled" : "disabled"}</Badge>
      </span>
      {endpoint.disabled_reason ? (
        <span className="text-xs text-slate-600 dark:text-slate-300">
          {webhookDisabledReasonLabels[endpoint.disabled_reason] ?? endpoint.disabled_reason}
        </span>
      ) : null}
    </div>
  );
}

/** The mutations on one endpoint; each refreshes the list and the endpoint's own page. */
export function useEndpointActions(onSecret: (created: WebhookEndpointWithSecret) => void) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
  const toggle = useMutation({
    mutationFn: (e: WebhookEndpoint) =>
      apiFetch<WebhookEndpoint>(endpointPath(e.id), { method: "PATCH", body: { enabled: !e.enabled } }),
    onSuccess: (e) => {
      toast.success(`${e.url} ${e.enabled ? "enabled" : "disabled"}`);
      void refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const test = useMutation({
    mutationFn: (e: WebhookEndpoint) =>
      apiFetch<{ message_id: string }>(`${endpointPath(e.id)}/test`, { method: "POST" }),
    onSuccess: (r) => {
      toast.success(`Test event queued (${r.message_id})`);
      void refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const rotate = useMutation({
    mutationFn: (e: WebhookEndpoint) =>
      apiFetch<WebhookEndpointWithSecret>(`${endpointPath(e.id)}/rotate-secret`, { method: "POST" }),
    onSuccess: (r) => {
      void refresh();
      onSecret(r);
    },
    onError: (e) => toast.error(e.message),
  });
  return { toggle, test, rotate };
}

type Actions = ReturnType<typeof useEndpointActions>;

/** The buttons for one endpoint, labelled with its URL so each row's are told apart. */
export function EndpointButtons({
  endpoint,
  actions,
  onRotate,
}: {
  endpoint: WebhookEndpoint;
  actions: Actions;
  onRotate: (e: WebhookEndpoint) => void;
}) {
  const { toggle, test } = actions;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button
        size="sm"
        onClick={() => test.mutate(endpoint)}
        disabled={!endpoint.enabled || test.isPending}
        aria-label={`Send test event to ${endpoint.url}`}
        title={endpoint.enabled ? undefined : "Enable the endpoint to send a test event"}
      >
        Send test event
      </Button>
      <Button size="sm" onClick={() => onRotate(endpoint)} aria-label={`Rotate secret of ${endpoint.url}`}>
        Rotate secret
      </Button>
      <Button
        size="sm"
        variant={endpoint.enabled ? "danger" : "primary"}
        onClick={() => toggle.mutate(endpoint)}
        disabled={toggle.isPending}
        aria-label={`${endpoint.enabled ? "Disable" : "Enable"} ${endpoint.url}`}
      >
        {endpoint.enabled ? "Disable" : "Enable"}
      </Button>
    </div>
  );
}

/** Asks before rotating: the old secret keeps signing for a day, but receivers must switch. */
export function RotateDialog({
  endpoint,
  actions,
  onClose,
}: {
  endpoint: WebhookEndpoint | null;
  actions: Actions;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={endpoint !== null}
      onClose={onClose}
      title="Rotate the signing secret?"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={actions.rotate.isPending}
            onClick={() =>
              endpoint &&
              actions.rotate.mutate(endpoint, { onSuccess: () => onClose(), onError: () => onClose() })
            }
          >
            Rotate secret
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Messages to <code className="text-xs">{endpoint?.url}</code> are signed with a new secret. For 24 h
        they carry a second signature by the current one, so the receiver can switch without a gap.
      </p>
    </Dialog>
  );
}

/** A `whsec_…` secret the API returned: shown this once, with a copy button. */
export function SecretDialog({
  created,
  title,
  onClose,
}: {
  created: WebhookEndpointWithSecret | null;
  title: string;
  onClose: () => void;
}) {
  return (
    <SecretShownOnceDialog
      secret={created?.secret ?? null}
      title={title}
      label={`Signing secret for ${created?.endpoint.url ?? ""}`}
      noun="secret"
      note="The receiver verifies each message's signature with it (Standard Webhooks)."
      onClose={onClose}
    />
  );
}
