// Workflows: CRUD by key, versions and restore.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { pageOf } from "../../http/validation";
import {
  workflowJson,
  workflowPageSchema,
  workflowSchema,
  workflowVersionJson,
  workflowVersionSchema,
} from "../../workflows/serialize";
import {
  workflowCreateSchema,
  workflowKeyParams,
  workflowListQuery,
  workflowUpdateSchema,
  workflowVersionParams,
} from "../../workflows/steps";
import {
  createWorkflow,
  deleteWorkflow,
  findWorkflow,
  listWorkflows,
  listWorkflowVersions,
  restoreWorkflowVersion,
  updateWorkflow,
} from "../../workflows/store";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.workflows;

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/workflows",
    id: "listWorkflows",
    summary: "List workflows",
    description: "Newest change first. `q` matches the key, name and description.",
    tag,
    auth: "service",
    scope: "workflows:read",
    query: workflowListQuery,
    data: workflowPageSchema,
  },
  async ({ db, caller, query }) => {
    const { rows, total } = await listWorkflows(db, caller.tenantId, query);
    return { data: { workflows: rows.map(workflowJson), ...pageOf(total, query.page, query.page_size) } };
  },
);

const create = endpoint(
  {
    method: "post",
    path: "/api/v1/workflows",
    id: "createWorkflow",
    summary: "Create a workflow",
    description:
      "Steps run in order: channel steps (`in_app`, `email`, `sms`, `push`, `wechat`) send a template by code or their own Liquid fields; `delay`, `digest` and `throttle` shape when and how often. A step's `if` is a condition over `payload`, `user`, `actor`, `tenant` and earlier steps (`steps.inapp.notification.read == false`). Everything is checked on save: a broken condition, Liquid that does not parse or a template that does not exist (or has no block for the step's channel) is a 400 naming the step's field (`steps.2.if`). The first save is version 1.",
    tag,
    auth: "service",
    scope: "workflows:write",
    body: workflowCreateSchema,
    data: workflowSchema,
    message: "Workflow created",
    status: 201,
    errors: [409],
  },
  async ({ db, caller, body }) => ({
    data: workflowJson(await createWorkflow(db, caller.tenantId, body, actorOf(caller))),
  }),
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/workflows/{key}",
    id: "getWorkflow",
    summary: "Get a workflow by key",
    description: "Its current version.",
    tag,
    auth: "service",
    scope: "workflows:read",
    params: workflowKeyParams,
    data: workflowSchema,
  },
  async ({ db, caller, params }) => ({
    data: workflowJson(await findWorkflow(db, caller.tenantId, params.key)),
  }),
);

const update = endpoint(
  {
    method: "put",
    path: "/api/v1/workflows/{key}",
    id: "updateWorkflow",
    summary: "Change a workflow",
    description:
      "Partial: omitted fields stay; `steps` replaces every step. The key cannot change. Every save writes a new immutable version and makes it current; runs already started keep theirs.",
    tag,
    auth: "service",
    scope: "workflows:write",
    params: workflowKeyParams,
    body: workflowUpdateSchema,
    data: workflowSchema,
    message: "Workflow saved",
  },
  async ({ db, caller, params, body }) => ({
    data: workflowJson(await updateWorkflow(db, caller.tenantId, params.key, body, actorOf(caller))),
  }),
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/workflows/{key}",
    id: "deleteWorkflow",
    summary: "Delete a workflow",
    description: "Soft delete: its versions stay (runs point at them) and its key is free again.",
    tag,
    auth: "service",
    scope: "workflows:write",
    params: workflowKeyParams,
    data: z.null(),
    message: "Workflow deleted",
  },
  async ({ db, caller, params }) => {
    await deleteWorkflow(db, caller.tenantId, params.key, actorOf(caller));
    return { data: null };
  },
);

const versions = endpoint(
  {
    method: "get",
    path: "/api/v1/workflows/{key}/versions",
    id: "listWorkflowVersions",
    summary: "A workflow's versions, newest first",
    tag,
    auth: "service",
    scope: "workflows:read",
    params: workflowKeyParams,
    data: z.object({ versions: z.array(workflowVersionSchema) }),
  },
  async ({ db, caller, params }) => {
    const rows = await listWorkflowVersions(db, caller.tenantId, params.key);
    return { data: { versions: rows.map(workflowVersionJson) } };
  },
);

const restore = endpoint(
  {
    method: "post",
    path: "/api/v1/workflows/{key}/versions/{version}/restore",
    id: "restoreWorkflowVersion",
    summary: "Restore a version (as a new version)",
    description: "Checked as a save is: a template it names must still exist.",
    tag,
    auth: "service",
    scope: "workflows:write",
    params: workflowVersionParams,
    data: workflowSchema,
    message: "Workflow version restored",
  },
  async ({ db, caller, params }) => {
    const row = await restoreWorkflowVersion(
      db,
      caller.tenantId,
      params.key,
      params.version,
      actorOf(caller),
    );
    return { data: workflowJson(row) };
  },
);

export const workflowsEndpoints: Endpoint[] = [list, create, getOne, update, remove, versions, restore];
