// Session checks for pages. Every protected layout AND page calls these itself: middleware alone can
// be bypassed (CVE-2025-29927), and a page can render without its layout re-running.
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db/client";
import { findLiveUser } from "./caller";
import { auth, type SessionUser } from "./next-auth";

/** The current session, read once per request however many layouts and pages ask. */
export const currentSession = cache(() => auth());

/** The signed-in user; without a session, off to sign-in and back to `returnTo` afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const session = await currentSession();
  // Slashes need no escaping in a query: /login?callbackUrl=/admin stays readable.
  // The cookie is only a claim: a deleted account is signed out and a changed role applies at once.
  const live = session?.user
    ? await findLiveUser(getDb(), session.user.tenantId, { id: session.user.id })
    : null;
  if (!session?.user || !live)
    redirect(`/login?callbackUrl=${encodeURIComponent(returnTo).replaceAll("%2F", "/")}`);
  return { ...session.user, role: live.role };
}

/** An admin of the console; a signed-in non-admin gets the 403 page. */
export async function requireAdmin(returnTo = "/admin"): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "admin") forbidden();
  return user;
}
