"use client";
// What the list and an endpoint's own page both do to an endpoint: enable/disable, send a test event,
// rotate its secret (the new one shown once), and the dialog that shows a secret once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { z } from "zod";
import type { webhookEndpointSchema, webhookEndpointWithSecretSchema } from "@/lib/outbound-webhooks/schema";
import { apiFetch } from "@/lib/http/api-client";
import { WEBHOOK_DISABLED_FAILING } from "@/lib/vocabulary/webhook-events";
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
  const t = useTranslations("webhooks.state");
  return (
    <div className="flex flex-col gap-0.5">
      <span>
        <Badge tone={endpoint.enabled ? "green" : "amber"}>
          {endpoint.enabled ? t("enabled") : t("disabled")}
        </Badge>
      </span>
      {endpoint.disabled_reason ? (
        <span className="text-xs text-slate-600 dark:text-slate-300">
          {endpoint.disabled_reason === WEBHOOK_DISABLED_FAILING ? t("failing") : endpoint.disabled_reason}
        </span>
      ) : null}
    </div>
  );
}

/** The mutations on one endpoint; each refreshes the list and the endpoint's own page. */
export function useEndpointActions(onSecret: (created: WebhookEndpointWithSecret) => void) {
  const t = useTranslations("webhooks.actions");
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
  const toggle = useMutation({
    mutationFn: (e: WebhookEndpoint) =>
      apiFetch<WebhookEndpoint>(endpointPath(e.id), { method: "PATCH", body: { enabled: !e.enabled } }),
    onSuccess: (e) => {
      toast.success(e.enabled ? t("enabledToast", { url: e.url }) : t("disabledToast", { url: e.url }));
      void refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const test = useMutation({
    mutationFn: (e: WebhookEndpoint) =>
      apiFetch<{ message_id: string }>(`${endpointPath(e.id)}/test`, { method: "POST" }),
    onSuccess: (r) => {
      toast.success(t("testQueued", { id: r.message_id }));
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
  const t = useTranslations("webhooks.actions");
  const { toggle, test } = actions;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button
        size="sm"
        onClick={() => test.mutate(endpoint)}
        disabled={!endpoint.enabled || test.isPending}
        aria-label={t("testLabel", { url: endpoint.url })}
        title={endpoint.enabled ? undefined : t("enableToTest")}
      >
        {t("test")}
      </Button>
      <Button
        size="sm"
        onClick={() => onRotate(endpoint)}
        aria-label={t("rotateLabel", { url: endpoint.url })}
      >
        {t("rotate")}
      </Button>
      <Button
        size="sm"
        variant={endpoint.enabled ? "danger" : "primary"}
        onClick={() => toggle.mutate(endpoint)}
        disabled={toggle.isPending}
        aria-label={
          endpoint.enabled
            ? t("disableLabel", { url: endpoint.url })
            : t("enableLabel", { url: endpoint.url })
        }
      >
        {endpoint.enabled ? t("disable") : t("enable")}
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
  const t = useTranslations("webhooks.actions");
  return (
    <Dialog
      open={endpoint !== null}
      onClose={onClose}
      title={t("rotateTitle")}
      footer={
        <>
          <Button onClick={onClose}>{t("cancel")}</Button>
          <Button
            variant="primary"
            disabled={actions.rotate.isPending}
            onClick={() =>
              endpoint &&
              actions.rotate.mutate(endpoint, { onSuccess: () => onClose(), onError: () => onClose() })
            }
          >
            {t("rotate")}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {t.rich("rotateText", {
          url: endpoint?.url ?? "",
          code: (chunks) => <code className="text-xs">{chunks}</code>,
        })}
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
  const t = useTranslations("webhooks.secret");
  return (
    <SecretShownOnceDialog
      secret={created?.secret ?? null}
      title={title}
      label={t("label", { url: created?.endpoint.url ?? "" })}
      noun={t("noun")}
      note={t("note")}
      onClose={onClose}
    />
  );
}
