// Auth.js for the console and the inbox: password sign-in (GitHub and Google when configured) and a
// JWT session cookie whose claims the REST route wrapper also reads (see ./session.ts). OAuth
// accounts are linked by provider account id (./oauth-identities.ts), never by email.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub, { type GitHubProfile } from "next-auth/providers/github";
import Google, { type GoogleProfile } from "next-auth/providers/google";
import { getDb } from "../db/client";
import type { UserRole } from "../db/schema";
import { env } from "../env";
import { clientIp } from "../http/client-ip";
import { logger } from "../log";
import { findOAuthAccount, signInWithOAuth, type OAuthAccount } from "./oauth-identities";
import { sessionClaimsSchema } from "./session";
import { checkCredentials, type SignInAccount } from "./sign-in";

/** The signed-in person as pages see it (`(await auth()).user`). */
export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  tenantId: string;
  externalId: string;
};

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
  interface User {
    role?: UserRole;
    tenantId?: string;
    externalId?: string;
  }
}

/** `CredentialsSignin.code` when the sign-in budget is spent; the login form shows its own message. */
export const RATE_LIMITED = "rate_limited";

class RateLimitedSignIn extends CredentialsSignin {
  code = RATE_LIMITED;
}

export type OAuthProviderId = "github" | "google";

/** The OAuth providers this deployment offers (both of their variables set). */
export function oauthProviders(): { id: OAuthProviderId; name: string }[] {
  const e = env();
  const list: { id: OAuthProviderId; name: string }[] = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) list.push({ id: "github", name: "GitHub" });
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) list.push({ id: "google", name: "Google" });
  return list;
}

// Only an address the provider verified is kept (as the new user's contact email): an unverified
// one may belong to someone else, who would then receive this person's notifications.
async function verifiedGitHubEmail(accessToken: string | undefined): Promise<string | null> {
  if (!accessToken) return null;
  const res = await fetch("https://api.github.com/user/emails", {
    headers: { Authorization: `Bearer ${accessToken}`, "User-Agent": "herald" },
  });
  if (!res.ok) return null;
  const emails = (await res.json()) as { email: string; primary: boolean; verified: boolean }[];
  return emails.find((m) => m.primary && m.verified)?.email ?? null;
}

function buildConfig(): NextAuthConfig {
  const e = env();
  const providers: Provider[] = [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        tenant: { label: "Tenant", type: "text" },
      },
      async authorize(credentials, request) {
        const result = await checkCredentials(getDb(), credentials, clientIp(request.headers));
        if (result.ok) return result.account;
        if (result.reason === "rate_limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
  ];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) {
    providers.push(
      GitHub({
        clientId: e.AUTH_GITHUB_ID,
        clientSecret: e.AUTH_GITHUB_SECRET,
        async profile(profile: GitHubProfile, tokens) {
          return {
            id: String(profile.id),
            name: profile.name ?? profile.login,
            email: await verifiedGitHubEmail(tokens.access_token),
            image: profile.avatar_url,
          };
        },
      }),
    );
  }
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) {
    providers.push(
      Google({
        clientId: e.AUTH_GOOGLE_ID,
        clientSecret: e.AUTH_GOOGLE_SECRET,
        profile(profile: GoogleProfile) {
          return {
            id: profile.sub,
            name: profile.name,
            email: profile.email_verified ? profile.email : null,
            image: profile.picture,
          };
        },
      }),
    );
  }

  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt" },
    // Errors (e.g. the OAuth account of a deleted user) come back to the login page too.
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.type === "credentials") return true;
        // The first sign-in of a provider account creates its plain user here; later ones find it.
        const linked = await signInWithOAuth(getDb(), account.provider, {
          accountId: account.providerAccountId,
          email: user.email ?? null,
          name: user.name ?? null,
        });
        return Boolean(linked);
      },
      async jwt({ token, user, account }) {
        if (account && user) {
          // For credentials, `user` is the SignInAccount authorize() returned.
          const a: SignInAccount | OAuthAccount | null =
            account.type === "credentials"
              ? (user as SignInAccount)
              : await findOAuthAccount(getDb(), account.provider, account.providerAccountId);
          if (!a) return null;
          // These claims are the contract with readSession(): uid, tid, ext, role.
          return {
            sub: a.id,
            email: a.email,
            name: a.name,
            uid: a.id,
            tid: a.tenantId,
            ext: a.externalId,
            role: a.role,
          };
        }
        // A cookie without Herald's claims (older shape, foreign issuer) is dropped, not trusted.
        return sessionClaimsSchema.safeParse(token).success ? token : null;
      },
      session({ session, token }) {
        const claims = sessionClaimsSchema.parse(token);
        return {
          ...session,
          user: {
            id: claims.uid,
            email: token.email ?? "",
            name: token.name ?? null,
            role: claims.role,
            tenantId: claims.tid,
            externalId: claims.ext,
          },
        };
      },
    },
    logger: {
      // A wrong password is routine, not an error worth a stack trace.
      error(error) {
        if (error instanceof CredentialsSignin) logger().info({ code: error.code }, "sign-in refused");
        else logger().error({ err: error }, "auth error");
      },
      warn(code) {
        logger().warn({ code }, "auth warning");
      },
    },
  };
}

// Lazy: `next build` imports this module without AUTH_SECRET, so nothing may read env() until a request.
export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
