// Auth.js endpoints. A password attempt whose budget is already spent is refused here with a plain
// 429, before Auth.js (and argon2) does any work for it.
import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { limitHeaders, peek, signInKey } from "@/lib/auth/rate-limit";
import { clientIp } from "@/lib/http/client-ip";

export const { GET } = handlers;

async function attemptedEmail(req: NextRequest): Promise<string | null> {
  try {
    const copy = req.clone();
    const email = (req.headers.get("content-type") ?? "").includes("application/json")
      ? ((await copy.json()) as { email?: unknown }).email
      : (await copy.formData()).get("email");
    return typeof email === "string" && email.trim() ? email : null;
  } catch {
    return null; // An unreadable body is Auth.js's to refuse.
  }
}

export async function POST(req: NextRequest): Promise<Response> {
  if (req.nextUrl.pathname === "/api/auth/callback/credentials") {
    const email = await attemptedEmail(req);
    if (email) {
      const decision = await peek("sign-in", signInKey(clientIp(req.headers), email));
      if (!decision.allowed) {
        return NextResponse.json(
          { code: 429, message: "Too many sign-in attempts" },
          { status: 429, headers: limitHeaders(decision) },
        );
      }
    }
  }
  return handlers.POST(req);
}
