// Templates: CRUD, the live preview, versions and restore.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { pageOf } from "../../http/validation";
import { previewTemplate } from "../../templates/render";
import {
  previewResultSchema,
  previewSchema,
  templateCreateSchema,
  templateIdParams,
  templateListQuery,
  templatePageSchema,
  templateSchema,
  templateUpdateSchema,
  templateVersionSchema,
  versionParams,
} from "../../templates/schema";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  getVersion,
  listTemplates,
  listVersions,
  restoreVersion,
  templateJson,
  templateVersionJson,
  updateTemplate,
} from "../../templates/store";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.templates;

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/templates",
    id: "listTemplates",
    summary: "List templates",
    description: "Newest change first. `search` matches the name, code and description.",
    tag,
    auth: "service",
    scope: "templates:read",
    query: templateListQuery,
    data: templatePageSchema,
  },
  async ({ db, caller, query }) => {
    const { rows, total } = await listTemplates(db, caller.tenantId, query);
    return { data: { templates: rows.map(templateJson), ...pageOf(total, query.page, query.page_size) } };
  },
);

const create = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/templates",
    id: "createTemplate",
    summary: "Create a template",
    description:
      "Content is Liquid (`{{ order.id }}`, filters, `if`/`for`; the older `{name}` is shorthand for `{{ name }}`). The flat `title`/`content` are the default locale's in-app block; `blocks` gives every locale's per-channel blocks. `variables` is extracted from every block; entries you send mark them required or optional with a default and an example. `{{ user.name }}`, `{{ user.email }}`… are the recipient's fields. Output is HTML-escaped in in-app and email HTML fields. A syntax error is a 400 naming the block, line and column.",
    tag,
    auth: "service",
    scope: "templates:write",
    body: templateCreateSchema,
    data: templateSchema,
    message: "Template created",
    status: 201,
    errors: [409],
  },
  async ({ db, caller, body }) => ({
    data: templateJson(await createTemplate(db, caller.tenantId, body, actorOf(caller))),
  }),
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/templates/{template_id}",
    id: "getTemplate",
    summary: "Get a template by id or code",
    tag,
    auth: "service",
    scope: "templates:read",
    params: templateIdParams,
    data: templateSchema,
  },
  async ({ db, caller, params }) => ({
    data: templateJson(await getTemplate(db, caller.tenantId, params.template_id)),
  }),
);

const update = endpoint(
  {
    method: "put",
    path: "/api/v1/notifications/templates/{template_id}",
    id: "updateTemplate",
    summary: "Change a template",
    description:
      "Partial: omitted fields stay; `blocks` replaces every locale's blocks. The code cannot change. A change of content writes a new immutable version.",
    tag,
    auth: "service",
    scope: "templates:write",
    params: templateIdParams,
    body: templateUpdateSchema,
    data: templateSchema,
    message: "Template saved",
  },
  async ({ db, caller, params, body }) => ({
    data: templateJson(await updateTemplate(db, caller.tenantId, params.template_id, body, actorOf(caller))),
  }),
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/notifications/templates/{template_id}",
    id: "deleteTemplate",
    summary: "Delete a template",
    description: "Soft delete: its versions stay (notifications point at them) and its code is free again.",
    tag,
    auth: "service",
    scope: "templates:write",
    params: templateIdParams,
    data: z.null(),
    message: "Template deleted",
  },
  async ({ db, caller, params }) => {
    await deleteTemplate(db, caller.tenantId, params.template_id, actorOf(caller));
    return { data: null };
  },
);

const preview = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/templates/{template_id}/preview",
    id: "previewTemplate",
    summary: "Render a template with sample params",
    description:
      "Missing params take the variable's default, then its example. `locale` picks blocks the way a recipient's locale does (exact, then by language, then the default); a channel without a block shows the in-app block it falls back to (`fallback: true`).",
    tag,
    auth: "service",
    scope: "templates:read",
    params: templateIdParams,
    body: previewSchema,
    data: previewResultSchema,
  },
  async ({ db, caller, params, body }) => ({
    data: await previewTemplate(db, caller.tenantId, params.template_id, body),
  }),
);

const versions = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/templates/{template_id}/versions",
    id: "listTemplateVersions",
    summary: "A template's versions, newest first",
    tag,
    auth: "service",
    scope: "templates:read",
    params: templateIdParams,
    data: z.object({ versions: z.array(templateVersionSchema) }),
  },
  async ({ db, caller, params }) => {
    const rows = await listVersions(db, caller.tenantId, params.template_id);
    return { data: { versions: rows.map(templateVersionJson) } };
  },
);

const getOneVersion = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/templates/{template_id}/versions/{version}",
    id: "getTemplateVersion",
    summary: "One version of a template",
    tag,
    auth: "service",
    scope: "templates:read",
    params: versionParams,
    data: templateVersionSchema,
  },
  async ({ db, caller, params }) => ({
    data: templateVersionJson(await getVersion(db, caller.tenantId, params.template_id, params.version)),
  }),
);

const restore = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/templates/{template_id}/versions/{version}/restore",
    id: "restoreTemplateVersion",
    summary: "Restore a version (as a new version)",
    tag,
    auth: "service",
    scope: "templates:write",
    params: versionParams,
    data: templateSchema,
    message: "Template version restored",
  },
  async ({ db, caller, params }) => {
    const row = await restoreVersion(
      db,
      caller.tenantId,
      params.template_id,
      params.version,
      actorOf(caller),
    );
    return { data: templateJson(row) };
  },
);

export const templatesEndpoints: Endpoint[] = [
  list,
  create,
  getOne,
  update,
  remove,
  preview,
  versions,
  getOneVersion,
  restore,
];
