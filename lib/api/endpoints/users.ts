// Users: the caller's own user, the tenant's users, subscriber tokens and the CSV import.
import { z } from "zod";
import { actorOf, isAdmin } from "../../auth/caller";
import { mintRecordedToken } from "../../auth/subscriber-token";
import { subscriberTokenRequestSchema, subscriberTokenSchema } from "../../auth/subscriber-token-schema";
import { pageOf } from "../../http/validation";
import {
  importResultSchema,
  importUsers,
  MAX_IMPORT_ROWS,
  readImportBody,
  userImportBodySchema,
  userImportQuery,
} from "../../users/import";
import {
  userIdParams,
  userListQuery,
  userPageSchema,
  userSchema,
  userUpsertSchema,
} from "../../users/schema";
import { deleteUser, getUser, listUsers, restoreUser, saveUser, userJson } from "../../users/service";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.users;

const getMe = endpoint(
  {
    method: "get",
    path: "/api/v1/me",
    id: "getMe",
    summary: "The end user you act as",
    tag,
    auth: "user",
    data: userSchema,
  },
  async ({ db, caller, user }) => ({ data: userJson(await getUser(db, caller.tenantId, user.externalId)) }),
);

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/users",
    id: "listUsers",
    summary: "List users",
    tag,
    auth: "service",
    scope: "users:read",
    query: userListQuery,
    data: userPageSchema,
  },
  async ({ db, caller, query }) => {
    const { users, total } = await listUsers(db, caller.tenantId, query);
    return { data: { users: users.map(userJson), ...pageOf(total, query.page, query.page_size) } };
  },
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/users/{user_id}",
    id: "getUser",
    summary: "Get a user",
    tag,
    auth: "service",
    scope: "users:read",
    params: userIdParams,
    data: userSchema,
  },
  async ({ db, caller, params }) => ({ data: userJson(await getUser(db, caller.tenantId, params.user_id)) }),
);

const save = endpoint(
  {
    method: "put",
    path: "/api/v1/users/{user_id}",
    id: "saveUser",
    summary: "Create or update a user",
    description:
      "Only an admin (session or admin-scoped key) may set `password` and `role`, or change the `email` or `phone` of a user who can sign in (has a password or an OAuth identity, or is an admin): otherwise 403 naming the fields, and nothing changes. A deleted user is a 409: restore it first.",
    tag,
    auth: "service",
    scope: "users:write",
    errors: [409],
    params: userIdParams,
    body: userUpsertSchema,
    data: userSchema,
    message: "User saved",
  },
  async ({ db, caller, params, body }) => {
    const by = { actor: actorOf(caller), isAdmin: isAdmin(caller) };
    return { data: userJson(await saveUser(db, caller.tenantId, params.user_id, body, by)) };
  },
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/users/{user_id}",
    id: "deleteUser",
    summary: "Delete a user",
    description:
      "A soft delete: the person can no longer sign in, their tokens stop working, their live sockets close and their topic subscriptions are removed (a restore does not bring them back). Deleting a user who can sign in needs admin.",
    tag,
    auth: "service",
    scope: "users:write",
    params: userIdParams,
    data: z.null(),
    message: "User deleted",
  },
  async ({ db, caller, params }) => {
    await deleteUser(db, caller.tenantId, params.user_id, {
      actor: actorOf(caller),
      isAdmin: isAdmin(caller),
    });
    return { data: null };
  },
);

const restore = endpoint(
  {
    method: "post",
    path: "/api/v1/users/{user_id}/restore",
    id: "restoreUser",
    summary: "Restore a deleted user",
    description:
      "The only way back for a deleted user (a PUT answers 409). Restoring a live user changes nothing.",
    tag,
    auth: "admin",
    params: userIdParams,
    data: userSchema,
    message: "User restored",
  },
  async ({ db, caller, params }) => {
    const by = { actor: actorOf(caller), isAdmin: isAdmin(caller) };
    return { data: userJson(await restoreUser(db, caller.tenantId, params.user_id, by)) };
  },
);

const issueToken = endpoint(
  {
    method: "post",
    path: "/api/v1/users/{user_id}/token",
    id: "issueSubscriberToken",
    summary: "Issue a subscriber token for a user",
    description:
      "Your backend mints it and hands it to the user's browser, which then calls the API (and the realtime socket) as that user and nothing more. Default lifetime 24 h.",
    tag,
    auth: "service",
    scope: "tokens:mint",
    params: userIdParams,
    body: subscriberTokenRequestSchema,
    data: subscriberTokenSchema,
  },
  async ({ db, caller, params, body }) => {
    const { token, expiresAt } = await mintRecordedToken(
      db,
      caller.tenantId,
      params.user_id,
      body.ttl_seconds,
      {
        actor: actorOf(caller),
        apiKeyId: caller.kind === "api_key" ? caller.apiKey.id : null,
      },
    );
    return { data: { token, expires_at: expiresAt.toISOString() } };
  },
);

const importCsv = endpoint(
  {
    method: "post",
    path: "/api/v1/users/import",
    id: "importUsers",
    summary: "Import users from CSV (dry run by default)",
    description: `Columns: id (required; \`user_id\` also accepted), email, phone, name, locale, timezone — each checked as in \`PUT /api/v1/users/{user_id}\`; an empty cell keeps the stored value. Up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows and 2 MB. With \`dry_run=true\` (the default) nothing is written: the answer says what would be created, updated or left unchanged, and lists each bad row's errors (row, field, message). With \`dry_run=false\` the valid rows are upserted in one transaction and the bad ones are skipped and reported; rows that match what is stored are not written, so importing the same file again changes nothing. A file without an id column, with unknown columns or too many rows is a 400 and nothing is written.`,
    tag,
    auth: "admin",
    query: userImportQuery,
    // The handler reads the body itself: CSV text (or JSON {csv}) of up to 2 MB.
    requestBody: {
      required: true,
      content: {
        "text/csv": { schema: z.string().meta({ description: "The CSV file itself" }) },
        "application/json": { schema: userImportBodySchema },
      },
    },
    errors: [413],
    data: importResultSchema,
  },
  async ({ db, caller, query, req }) => {
    const csv = await readImportBody(req);
    const result = await importUsers(db, caller.tenantId, csv, {
      dryRun: query.dry_run,
      actor: actorOf(caller),
    });
    const message = result.dry_run
      ? "Dry run: nothing was written"
      : `Imported: ${result.created} created, ${result.updated} updated`;
    return { data: result, message };
  },
);

export const usersEndpoints: Endpoint[] = [getMe, list, getOne, save, remove, restore, issueToken, importCsv];
