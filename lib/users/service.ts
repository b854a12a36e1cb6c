import { and, asc, count, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { audit, type Actor } from "../audit";
import { hashPassword } from "../crypto/password";
import type { Db } from "../db/client";
import { topicSubscribers, users } from "../db/schema";
import { bus } from "../events";
import { conflict, DomainError, invalid, notFound } from "../errors";
import type { UserUpsertInput, userSchema } from "./schema";
import { insertUser, lockUser, updateUser, type User } from "./store";
import { pageOffset } from "../http/validation";
import { saveUserChat, userChatNames, userChatProblems } from "../chat/store";

/** The API shape of a user: never a password or its hash. */
export function userJson(u: User): z.input<typeof userSchema> {
  return {
    user_id: u.externalId,
    email: u.email,
    phone: u.phone,
    name: u.name,
    locale: u.locale,
    timezone: u.timezone,
    role: u.role,
    wechat_openid: u.wechatOpenid,
    chat: userChatNames(u.id, u.chatEncrypted),
    metadata: u.metadata,
    has_password: u.passwordHash !== null,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

/** Who asks: the audit actor, and whether they hold the admin scope or an admin session. */
export type UserChangeBy = { actor: Actor; isAdmin: boolean };

const restoreHint = (externalId: string) =>
  `User was deleted: restore it with POST /api/v1/users/${encodeURIComponent(externalId)}/restore`;

/** A change only an admin may make; the refusal names each field and is audited by the caller. */
class RefusedChange extends DomainError {
  constructor(
    readonly fields: string[],
    message: string,
  ) {
    super(
      "forbidden",
      message,
      fields.map((field) => ({ field, message: "only an admin (admin scope or session) may change this" })),
    );
  }
}

// A refused attempt is a privileged attempt: its audit row is written on its own, after the
// refused transaction rolled back, so the refusal leaves that row and nothing else.
async function refusingAudited<T>(
  db: Db,
  tenantId: string,
  externalId: string,
  by: UserChangeBy,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RefusedChange)
      await audit(
        db,
        tenantId,
        by.actor,
        "user.change_refused",
        { type: "user", id: externalId },
        {
          fields: err.fields,
          reason: err.message,
        },
      );
    throw err;
  }
}

/**
 * Creates or updates a user (PUT /api/v1/users/:id). Without admin rights a caller may not set a
 * password or a role, nor change the email or phone of someone who can sign in: resetting those
 * is how an account is taken over. A soft-deleted user is a 409: only restoreUser undeletes.
 */
export async function saveUser(
  db: Db,
  tenantId: string,
  externalId: string,
  input: UserUpsertInput,
  by: UserChangeBy,
): Promise<User> {
  return refusingAudited(db, tenantId, externalId, by, async () => {
    const privileged = (["password", "role"] as const).filter((f) => input[f] !== undefined);
    if (privileged.length > 0 && !by.isAdmin)
      throw new RefusedChange([...privileged], `Only an admin may set ${privileged.join(" and ")}`);
    const chatProblems = input.chat ? userChatProblems(input.chat) : [];
    if (chatProblems.length > 0) throw invalid("Invalid chat destinations", chatProblems);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    const fields = {
      email: input.email === undefined ? undefined : (input.email?.toLowerCase() ?? null),
      phone: input.phone,
      name: input.name,
      locale: input.locale,
      timezone: input.timezone,
      wechatOpenid: input.wechat_openid,
      metadata: input.metadata,
      role: input.role,
      passwordHash,
    };
    // Twice at most: a row created by a concurrent request between the lock and the insert is
    // then locked and checked like any other existing row.
    for (let attempt = 0; ; attempt++) {
      const saved = await db.transaction(async (tx) => {
        const current = await lockUser(tx, tenantId, externalId);
        if (current?.deletedAt) throw conflict(restoreHint(externalId));
        if (current?.canSignIn && !by.isAdmin) {
          // Sending the stored value again (a service syncing its whole profile) changes nothing.
          const same = (a: string | null, b: string | null) =>
            (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
          const contact = (["email", "phone"] as const).filter(
            (f) => fields[f] !== undefined && !same(fields[f] ?? null, current[f]),
          );
          if (contact.length > 0)
            throw new RefusedChange(
              [...contact],
              `Only an admin may change the ${contact.join(" and ")} of a user who can sign in`,
            );
        }
        const user = current
          ? await updateUser(tx, current.id, fields)
          : await insertUser(tx, tenantId, { externalId, ...fields });
        if (!user) return null;
        // Sealed bound to the row's id, which a new user has only now.
        if (input.chat !== undefined) user.chatEncrypted = await saveUserChat(tx, user, input.chat);
        const changed = Object.keys(input).filter((k) => k !== "password");
        if (input.password !== undefined) changed.push("password");
        await audit(
          tx,
          tenantId,
          by.actor,
          "user.saved",
          { type: "user", id: externalId },
          { fields: changed },
        );
        return user;
      });
      if (saved) return saved;
      if (attempt > 0) throw conflict("User was changed concurrently; try again");
    }
  });
}

const live = (tenantId: string) => and(eq(users.tenantId, tenantId), isNull(users.deletedAt));

export async function getUser(db: Db, tenantId: string, externalId: string): Promise<User> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(live(tenantId), eq(users.externalId, externalId)))
    .limit(1);
  if (!row) throw notFound("User not found");
  return row;
}

export async function listUsers(
  db: Db,
  tenantId: string,
  q: { page: number; page_size: number; search?: string },
) {
  const pattern = q.search ? `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = pattern
    ? and(
        live(tenantId),
        or(ilike(users.externalId, pattern), ilike(users.email, pattern), ilike(users.name, pattern)),
      )
    : live(tenantId);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.createdAt), asc(users.id))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { users: rows, total: total!.n };
}

/**
 * Soft delete: the person can no longer sign in, and their tokens stop working. Deleting someone
 * who can sign in takes admin rights (a users:write key may delete the recipients it registered).
 */
export async function deleteUser(
  db: Db,
  tenantId: string,
  externalId: string,
  by: UserChangeBy,
): Promise<void> {
  const userId = await refusingAudited(db, tenantId, externalId, by, () =>
    db.transaction(async (tx) => {
      const current = await lockUser(tx, tenantId, externalId);
      if (!current || current.deletedAt) throw notFound("User not found");
      if (current.canSignIn && !by.isAdmin)
        throw new RefusedChange(["user_id"], "Only an admin may delete a user who can sign in");
      await tx
        .update(users)
        .set({ deletedAt: sql`now()` })
        .where(eq(users.id, current.id));
      // The soft delete fires no cascade: their topic subscriptions go here, under the user's lock
      // (a concurrent subscribe waits on it and then leaves the deleted user out). A restore starts
      // with none.
      await tx
        .delete(topicSubscribers)
        .where(and(eq(topicSubscribers.tenantId, tenantId), eq(topicSubscribers.userId, current.id)));
      await audit(tx, tenantId, by.actor, "user.deleted", { type: "user", id: externalId });
      return current.id;
    }),
  );
  bus().publish("user.deleted", { tenantId, userId }); // their live sockets close on every node
}

/** Undeletes a soft-deleted user (admin only); restoring a live user changes nothing. */
export async function restoreUser(
  db: Db,
  tenantId: string,
  externalId: string,
  by: UserChangeBy,
): Promise<User> {
  return refusingAudited(db, tenantId, externalId, by, () =>
    db.transaction(async (tx) => {
      if (!by.isAdmin) throw new RefusedChange(["user_id"], "Only an admin may restore a user");
      const current = await lockUser(tx, tenantId, externalId);
      if (!current) throw notFound("User not found");
      const { canSignIn: _canSignIn, ...row } = current;
      if (!row.deletedAt) return row;
      const [restored] = await tx
        .update(users)
        .set({ deletedAt: null, updatedAt: new Date() })
        .where(eq(users.id, row.id))
        .returning();
      await audit(tx, tenantId, by.actor, "user.restored", { type: "user", id: externalId });
      return restored!;
    }),
  );
}
