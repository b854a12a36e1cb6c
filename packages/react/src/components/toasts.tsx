// Toasts for notifications arriving live while the page is open.
import type { Notification } from "@herald/js";
import { useEffect, useState, type ReactNode } from "react";
import { useHerald } from "../provider.tsx";

export type ToastsProps = {
  /** How long a toast stays (default 6 s); 0 keeps it until dismissed. */
  durationMs?: number;
  /** How many are shown at once (default 3), newest first. */
  max?: number;
  renderToast?: (notification: Notification, dismiss: () => void) => ReactNode;
  onToastClick?: (notification: Notification) => void;
  className?: string;
};

export function Toasts({ durationMs = 6_000, max = 3, renderToast, onToastClick, className }: ToastsProps) {
  const { onNew } = useHerald();
  const [toasts, setToasts] = useState<Notification[]>([]);
  useEffect(() => {
    // A dismissed toast's timer may still fire: removing it again changes nothing.
    const pending = new Set<ReturnType<typeof setTimeout>>();
    const unsubscribe = onNew((n) => {
      setToasts((shown) => [n, ...shown.filter((t) => t.id !== n.id)].slice(0, max));
      if (durationMs <= 0) return;
      const timer = setTimeout(() => {
        pending.delete(timer);
        setToasts((shown) => shown.filter((t) => t.id !== n.id));
      }, durationMs);
      pending.add(timer);
    });
    return () => {
      unsubscribe();
      for (const timer of pending) clearTimeout(timer);
    };
  }, [onNew, durationMs, max]);
  const dismiss = (id: string) => setToasts((shown) => shown.filter((t) => t.id !== id));
  return (
    <div className={["herald-toasts", className].filter(Boolean).join(" ")} role="status" aria-live="polite">
      {toasts.map((n) => (
        <div key={n.id} className="herald-toast">
          {renderToast ? (
            renderToast(n, () => dismiss(n.id))
          ) : (
            <>
              <button type="button" className="herald-item-body" onClick={() => onToastClick?.(n)}>
                <span className="herald-item-title">{n.title}</span>
                {n.content ? <span className="herald-item-content">{n.content}</span> : null}
              </button>
              <button
                type="button"
                className="herald-toast-close"
                aria-label="Dismiss"
                onClick={() => dismiss(n.id)}
              >
                ×
              </button>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
