// Auth.js endpoints. Each request spends its address's budget, as every endpoint without
// credentials does; a password attempt whose sign-in budget (its address's or its account's) is
// already spent is refused here with a plain 429, before Auth.js (and argon2) does any work for it.
import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { limitHeaders } from "@/lib/auth/rate-limit";
import { signInRefusal } from "@/lib/auth/sign-in";
import { clientIp } from "@/lib/http/client-ip";
import { addressLimitRefusal } from "@/lib/auth/limits";

export async function GET(req: NextRequest): Promise<Response> {
  return (await addressLimitRefusal(req.headers)) ?? handlers.GET(req);
}

async function attemptedCredentials(req: NextRequest): Promise<{ email?: unknown; tenant?: unknown }> {
  try {
    const copy = req.clone();
    if ((req.headers.get("content-type") ?? "").includes("application/json"))
      return (await copy.json()) as { email?: unknown; tenant?: unknown };
    const form = await copy.formData();
    return { email: form.get("email") ?? undefined, tenant: form.get("tenant") || undefined };
  } catch {
    return {}; // An unreadable body is Auth.js's to refuse.
  }
}

export async function POST(req: NextRequest): Promise<Response> {
  const overAddressBudget = await addressLimitRefusal(req.headers);
  if (overAddressBudget) return overAddressBudget;
  if (req.nextUrl.pathname === "/api/auth/callback/credentials") {
    const refusal = await signInRefusal(await attemptedCredentials(req), clientIp(req.headers));
    if (refusal) {
      return NextResponse.json(
        { code: 429, message: "Too many sign-in attempts", error_code: "rate_limited" },
        { status: 429, headers: limitHeaders(refusal) },
      );
    }
  }
  return handlers.POST(req);
}
