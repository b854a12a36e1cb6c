// Notification preferences: the caller's own, and any user's for a service.
import { actorOf } from "../../auth/caller";
import { preferencesSchema, preferencesUpdateSchema } from "../../preferences/schema";
import { getPreferences, preferencesOwner, savePreferences } from "../../preferences/store";
import { userIdParams } from "../../users/schema";
import { choosableWorkflowsSchema, listChoosableWorkflows } from "../../workflows/choices";
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

const workflowsDescription =
  "The tenant's active workflows a preferences page offers, by category then name, each with the channels its steps send on. A critical one is always delivered: show it as not switchable. Choices are saved through `workflows` and `categories` of the preferences.";

const ownWorkflows = endpoint(
  {
    method: "get",
    path: "/api/v1/preferences/workflows",
    id: "listPreferenceWorkflows",
    summary: "The workflows the caller may choose in their preferences",
    description: workflowsDescription,
    tag,
    auth: "user",
    data: choosableWorkflowsSchema,
  },
  async ({ db, caller }) => ({ data: await listChoosableWorkflows(db, caller.tenantId) }),
);

const usersWorkflows = endpoint(
  {
    method: "get",
    path: "/api/v1/users/{user_id}/preferences/workflows",
    id: "listUserPreferenceWorkflows",
    summary: "The workflows a user may choose in their preferences",
    description: `${workflowsDescription} An unknown user is a 404.`,
    tag,
    auth: "service",
    scope: "users:read",
    params: userIdParams,
    data: choosableWorkflowsSchema,
  },
  async ({ db, caller, params }) => {
    await preferencesOwner(db, caller.tenantId, params.user_id);
    return { data: await listChoosableWorkflows(db, caller.tenantId) };
  },
);

export const preferencesEndpoints: Endpoint[] = [
  getOwn,
  saveOwn,
  getUsers,
  saveUsers,
  ownWorkflows,
  usersWorkflows,
];
