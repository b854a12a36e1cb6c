// Browser notifications with a chime for new notifications while the tab is hidden: an opt-in kept
// per browser, since the permission is the browser's too.
import type { NotificationJson } from "./api";
import { shownText } from "./format";

const KEY = "herald:desktop-alerts";

export type DesktopAlertsState = "unsupported" | "blocked" | "on" | "off";

export function desktopAlertsState(): DesktopAlertsState {
  if (typeof window === "undefined" || !("Notification" in window)) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // storage blocked: the opt-in cannot be kept
  }
  return stored === "on" && Notification.permission === "granted" ? "on" : "off";
}

/** Asks for the permission when turning on; resolves to the resulting state. */
export async function setDesktopAlerts(on: boolean): Promise<DesktopAlertsState> {
  if (desktopAlertsState() === "unsupported") return "unsupported";
  if (on && Notification.permission !== "granted") await Notification.requestPermission();
  try {
    if (on && Notification.permission === "granted") localStorage.setItem(KEY, "on");
    else localStorage.removeItem(KEY);
  } catch {
    // ignore: see desktopAlertsState
  }
  if (on && Notification.permission === "granted") playChime();
  return desktopAlertsState();
}

let audio: AudioContext | null = null;

/** A short two-note chime made with Web Audio: no sound file to ship or load. */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume().catch(() => {});
    const start = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      const t = start + i * 0.12;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + 0.32);
    }
  } catch {
    // No audio device, or the browser refuses sound before a user gesture: the notification still shows.
  }
}

/** Shows a system notification for `n` when the opt-in is on; clicking it focuses the tab. */
export function showDesktopAlert(n: NotificationJson, onClick?: () => void): void {
  if (desktopAlertsState() !== "on") return;
  try {
    // The tag makes a second tab's copy replace this one instead of stacking.
    const text = shownText(n);
    const shown = new Notification(text.title, {
      body: text.content.slice(0, 200),
      tag: n.id,
    });
    shown.onclick = () => {
      window.focus();
      onClick?.();
      shown.close();
    };
    playChime();
  } catch {
    // Some browsers only allow notifications from a service worker.
  }
}
