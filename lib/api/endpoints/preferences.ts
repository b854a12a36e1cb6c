// Notification preferences: the caller's own, and any user's for a service.
import { actorOf } from "../../auth/caller";
import { preferencesSchema, preferencesUpdateSchema } from "../../preferences/schema";
import { getPreferences, preferencesOwner, savePreferences } from "../../preferences/store";
import { userIdParams } from "../../users/schema";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.preferences;

const getOwn = endpoint(
  {
    method: "get",
    path: "/api/v1/preferences",
    id: "getPreferences",
    summary: "The caller's notification preferences",
    tag,
    auth: "user",
    data: preferencesSchema,
  },
  async ({ db, caller, user }) => ({
    data: await getPreferences(db, { tenantId: caller.tenantId, userId: user.id }),
  }),
);

const saveOwn = endpoint(
  {
    method: "put",
    path: "/api/v1/preferences",
    id: "savePreferences",
    summary: "Change the caller's notification preferences",
    description: "Only the fields given change; null clears one.",
    tag,
    auth: "user",
    body: preferencesUpdateSchema,
    data: preferencesSchema,
    message: "Preferences saved",
  },
  async ({ db, caller, user, body }) => {
    const owner = { tenantId: caller.tenantId, userId: user.id };
    return { data: await savePreferences(db, owner, body, actorOf(caller)) };
  },
);

const getUsers = endpoint(
  {
    method: "get",
    path: "/api/v1/users/{user_id}/preferences",
    id: "getUserPreferences",
    summary: "A user's notification preferences",
    tag,
    auth: "service",
    scope: "users:read",
    params: userIdParams,
    data: preferencesSchema,
  },
  async ({ db, caller, params }) => ({
    data: await getPreferences(db, await preferencesOwner(db, caller.tenantId, params.user_id)),
  }),
);

const saveUsers = endpoint(
  {
    method: "put",
    path: "/api/v1/users/{user_id}/preferences",
    id: "saveUserPreferences",
    summary: "Change a user's notification preferences",
    description: "Only the fields given change; null clears one. An unknown user is a 404.",
    tag,
    auth: "service",
    scope: "preferences:write",
    params: userIdParams,
    body: preferencesUpdateSchema,
    data: preferencesSchema,
    message: "Preferences saved",
  },
  async ({ db, caller, params, body }) => {
    const owner = await preferencesOwner(db, caller.tenantId, params.user_id);
    return { data: await savePreferences(db, owner, body, actorOf(caller)) };
  },
);

export const preferencesEndpoints: Endpoint[] = [getOwn, saveOwn, getUsers, saveUsers];
