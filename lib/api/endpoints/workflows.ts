// Workflows: CRUD by key, versions and restore; triggering, cancelling and reading runs.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { readIdempotencyKey } from "../../http/idempotency";
import { pageOf } from "../../http/validation";
import { idempotencyScope } from "../../notifications/access";
import { cancelRuns } from "../../workflows/engine";
import {
  getRun,
  getTrigger,
  listRuns,
  runStatsOf,
  workflowRunDetailSchema,
  workflowRunListQuery,
  workflowRunPageSchema,
  workflowRunParams,
  workflowTriggerDetailSchema,
  workflowTriggerParams,
} from "../../workflows/runs";
import {
  cancelResultSchema,
  triggerIdempotently,
  triggerResultSchema,
  workflowCancelSchema,
  workflowTriggerSchema,
} from "../../workflows/trigger";
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
  getWorkflow,
  listWorkflows,
  listWorkflowVersions,
  restoreWorkflowVersion,
  updateWorkflow,
} from "../../workflows/store";
import { idempotencyHeader, TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.workflows;

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/workflows",
    id: "listWorkflows",
    summary: "List workflows",
    description:
      "Newest change first. `q` matches the key, name and description. Each workflow comes with its runs of the last 24 hours: how many, how many completed or failed, and the success rate.",
    tag,
    auth: "service",
    scope: "workflows:read",
    query: workflowListQuery,
    data: workflowPageSchema,
  },
  async ({ db, caller, query }) => {
    const { rows, total } = await listWorkflows(db, caller.tenantId, query);
    const stats = await runStatsOf(
      db,
      caller.tenantId,
      rows.map((r) => r.workflow.id),
    );
    const workflows = rows.map((r) => ({ ...workflowJson(r), stats: stats(r.workflow.id) }));
    return { data: { workflows, ...pageOf(total, query.page, query.page_size) } };
  },
);

const create = endpoint(
  {
    method: "post",
    path: "/api/v1/workflows",
    id: "createWorkflow",
    summary: "Create a workflow",
    description:
      "Steps run in order: channel steps (`in_app`, `email`, `sms`, `push`, `wechat`, `chat`) send a template by code or their own Liquid fields; `delay`, `digest` and `throttle` shape when and how often. A step's `if` is a condition over `payload`, `user`, `actor`, `tenant` and earlier steps (`steps.inapp.notification.read == false`). Everything is checked on save: a broken condition, Liquid that does not parse or a template that does not exist (or has no block for the step's channel) is a 400 naming the step's field (`steps.2.if`). The first save is version 1.",
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
    data: workflowJson(await getWorkflow(db, caller.tenantId, params.key)),
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

const trigger = endpoint(
  {
    method: "post",
    path: "/api/v1/workflows/{key}/trigger",
    id: "triggerWorkflow",
    summary: "Trigger a workflow for up to 10 000 users or a topic",
    description:
      'Answers 202 with a `trigger_id`. For a list of users (`"to": ["alice"]`) one run per distinct recipient (unknown user ids are created) starts on the workflow\'s current version, with its id in `run_ids`, and its steps run in the background. For a topic (`"to": {"topic": "project-42"}`) the answer comes at once, `status: fanning_out`, and batch jobs write one run per subscriber in the background: follow it with GET /api/v1/workflow-triggers/{id}. `exclude_actor: true` gives the actor no run. An unknown workflow or topic is 404, an inactive workflow 409, a payload over 64 KB 413, and a payload missing a name a step\'s Liquid or template needs is a 400 naming it (`payload.text`). With an Idempotency-Key the same request answers the same trigger and writes nothing more.',
    tag,
    auth: "service",
    scope: "workflows:trigger",
    params: workflowKeyParams,
    header: idempotencyHeader,
    body: workflowTriggerSchema,
    data: triggerResultSchema,
    status: 202,
    message: "Workflow triggered",
    errors: [404, 409, 413, 422],
    response: {
      description:
        "Accepted (202): a list's runs are written and their first steps queued; a topic's fan-out is queued",
      headers: z.object({
        "Idempotent-Replayed": z
          .literal("true")
          .optional()
          .meta({ description: "Present when this is the stored response of an earlier request" }),
      }),
    },
  },
  async ({ db, caller, params, body, req, url }) => {
    const sender = {
      tenantId: caller.tenantId,
      callerScope: idempotencyScope(caller),
      actor: actorOf(caller),
    };
    const outcome = await triggerIdempotently(
      db,
      sender,
      params.key,
      body,
      readIdempotencyKey(req.headers),
      url.pathname,
    );
    return Response.json(outcome.body, {
      status: outcome.status,
      headers: outcome.replayed ? { "Idempotent-Replayed": "true" } : undefined,
    });
  },
);

const cancel = endpoint(
  {
    method: "post",
    path: "/api/v1/workflows/{key}/cancel",
    id: "cancelWorkflowRuns",
    summary: "Cancel runs by cancellation key",
    description:
      "Every running or waiting run of the workflow triggered with this `cancellation_key` (of `recipients` only, when given) is cancelled: nothing more is sent for it, and its queued deliveries are cancelled. Runs already over are left as they are.",
    tag,
    auth: "service",
    scope: "workflows:trigger",
    params: workflowKeyParams,
    body: workflowCancelSchema,
    data: cancelResultSchema,
    message: "Workflow runs cancelled",
  },
  async ({ db, caller, params, body }) => ({
    data: await cancelRuns(db, caller.tenantId, params.key, body, actorOf(caller)),
  }),
);

const runs = endpoint(
  {
    method: "get",
    path: "/api/v1/workflow-runs",
    id: "listWorkflowRuns",
    summary: "List workflow runs",
    description: "Newest first, in keyset pages: pass `next_cursor` back as `cursor`.",
    tag,
    auth: "service",
    scope: "workflows:read",
    query: workflowRunListQuery,
    data: workflowRunPageSchema,
  },
  async ({ db, caller, query }) => {
    const page = await listRuns(db, caller.tenantId, query);
    return { data: { runs: page.runs, page_size: query.page_size, next_cursor: page.nextCursor } };
  },
);

const run = endpoint(
  {
    method: "get",
    path: "/api/v1/workflow-runs/{id}",
    id: "getWorkflowRun",
    summary: "Get a workflow run and its timeline",
    description:
      "The run with each executed step: its status, times and outcome (the notification or deliveries it wrote, the condition's result, why it was skipped or failed).",
    tag,
    auth: "service",
    scope: "workflows:read",
    params: workflowRunParams,
    data: workflowRunDetailSchema,
  },
  async ({ db, caller, params }) => ({ data: await getRun(db, caller.tenantId, params.id) }),
);

const triggerStatus = endpoint(
  {
    method: "get",
    path: "/api/v1/workflow-triggers/{id}",
    id: "getWorkflowTrigger",
    summary: "Get a workflow trigger and its fan-out progress",
    description:
      "What one trigger call addressed (a topic, or null for a list of users), how many runs it has written so far, and whether it is still `fanning_out` or `completed`. Its runs: GET /api/v1/workflow-runs?trigger_id=.",
    tag,
    auth: "service",
    scope: "workflows:read",
    params: workflowTriggerParams,
    data: workflowTriggerDetailSchema,
  },
  async ({ db, caller, params }) => ({ data: await getTrigger(db, caller.tenantId, params.id) }),
);

export const workflowsEndpoints: Endpoint[] = [
  list,
  create,
  getOne,
  update,
  remove,
  versions,
  restore,
  trigger,
  cancel,
  runs,
  run,
  triggerStatus,
];
