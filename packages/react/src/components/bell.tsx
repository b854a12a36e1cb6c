// The bell: an icon button with the unread badge that opens the inbox in a popover.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useUnreadCount } from "../hooks.ts";
import { Inbox, type InboxProps } from "./inbox.tsx";

export type BellProps = Omit<InboxProps, "className"> & {
  /** Replaces the badge; called with the unread count (null while unknown). */
  renderBadge?: (count: number | null) => ReactNode;
  /** Replaces the bell icon. */
  icon?: ReactNode;
  className?: string;
};

const BellIcon = () => (
  <svg
    viewBox="0 0 24 24"
    width="20"
    height="20"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
  >
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </svg>
);

const badgeText = (count: number) => (count > 99 ? "99+" : String(count));

export function Bell({ renderBadge, icon, className, ...inbox }: BellProps) {
  const count = useUnreadCount();
  const [isOpen, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const popoverId = useId();
  useEffect(() => {
    if (!isOpen) return;
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !root.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener("keydown", close);
    document.addEventListener("pointerdown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("pointerdown", close);
    };
  }, [isOpen]);
  const label = count ? `Notifications, ${count} unread` : "Notifications";
  return (
    <div className={["herald-bell", className].filter(Boolean).join(" ")} ref={root}>
      <button
        type="button"
        className="herald-bell-button"
        aria-label={label}
        aria-expanded={isOpen}
        aria-controls={popoverId}
        onClick={() => setOpen((open) => !open)}
      >
        {icon ?? <BellIcon />}
        {renderBadge ? (
          renderBadge(count)
        ) : count ? (
          <span className="herald-badge" data-testid="herald-badge">
            {badgeText(count)}
          </span>
        ) : null}
      </button>
      {isOpen ? (
        <div className="herald-popover" id={popoverId} role="dialog" aria-label="Notifications">
          <Inbox {...inbox} />
        </div>
      ) : null}
    </div>
  );
}
