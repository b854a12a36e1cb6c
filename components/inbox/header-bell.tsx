"use client";
// The bell on its own, for pages outside the user layout (the console's header).
import { NotificationBell } from "./bell";
import { InboxRoot } from "./inbox-root";

export function HeaderBell({ userKey }: { userKey: string }) {
  return (
    <InboxRoot userKey={userKey}>
      <NotificationBell />
    </InboxRoot>
  );
}
