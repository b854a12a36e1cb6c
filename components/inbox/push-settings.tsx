"use client";
// Desktop push opt-in: registers Herald's service worker, subscribes with the server's VAPID key,
// and tells the server the subscription. Shows unsupported / blocked / on / off.
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { toastFailed } from "./hooks";
import { useInbox } from "./inbox-context";

type PushState = "checking" | "unsupported" | "blocked" | "on" | "off";

const SW_URL = "/herald-sw.js";

function pushSupported(): boolean {
  return (
    typeof window !== "undefined" &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window &&
    window.isSecureContext
  );
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration("/");
  return (await reg?.pushManager.getSubscription()) ?? null;
}

async function detect(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  try {
    return (await currentSubscription()) ? "on" : "off";
  } catch {
    return "off";
  }
}

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
function vapidKeyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4))
    .replace(/-/g, "+")
    .replace(/_/g, "/");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export function PushSettings() {
  const { api } = useInbox();
  const t = useTranslations("settings.push");
  const [state, setState] = useState<PushState>("checking");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void detect().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);

  const turnOn = async () => {
    setBusy(true);
    try {
      const reg = await navigator.serviceWorker.register(SW_URL, { scope: "/" });
      await navigator.serviceWorker.ready;
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "blocked" : "off");
        return;
      }
      const key = await api.vapidPublicKey();
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: vapidKeyBytes(key),
      });
      const json = sub.toJSON();
      await api.subscribePush({
        endpoint: sub.endpoint,
        expirationTime: json.expirationTime ?? null,
        keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
      });
      setState("on");
      toast.success(t("isOn"));
    } catch (err) {
      toastFailed(t("failedOn"), err);
      setState(await detect());
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async () => {
    setBusy(true);
    try {
      const sub = await currentSubscription();
      if (sub) {
        await api.unsubscribePush(sub.endpoint).catch(() => {});
        await sub.unsubscribe();
      }
      setState("off");
    } catch (err) {
      toastFailed(t("failedOff"), err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm">
        {t.rich("status", {
          state: () => (
            <strong data-testid="push-status" data-state={state}>
              {t(`states.${state}`)}
            </strong>
          ),
        })}
      </p>
      {state === "off" ? (
        <Button size="sm" variant="primary" disabled={busy} onClick={() => void turnOn()}>
          {t("turnOn")}
        </Button>
      ) : state === "on" ? (
        <Button size="sm" disabled={busy} onClick={() => void turnOff()}>
          {t("turnOff")}
        </Button>
      ) : null}
    </div>
  );
}
