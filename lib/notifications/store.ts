import { sql } from "drizzle-orm";
import { executePrepared, type Executor } from "../db/client";
import type {
  NotificationChannel,
  NotificationPriority,
  NotificationStatus,
  NotificationType,
} from "../db/schema";
import type { NotificationAction } from "../vocabulary/actions";
import { INITIAL_NOTIFICATION_STATUS } from "./status";

export type NewNotifications = {
  tenantId: string;
  /** The recipients' user_id (external ids); unknown ones are created, duplicates collapsed. */
  externalIds: string[];
  title: string;
  content: string;
  /**
   * Per recipient (a template send): aligned with `externalIds`, replacing `title` / `content` for
   * each. A duplicate id keeps its first entry.
   */
  titles?: string[];
  contents?: string[];
  /** Per recipient too (a workflow step's batch): each row's metadata and template params. */
  metadatas?: Record<string, unknown>[];
  templateParamsList?: (Record<string, unknown> | null)[];
  type: NotificationType;
  priority?: NotificationPriority;
  status?: NotificationStatus;
  channels?: NotificationChannel[];
  metadata?: Record<string, unknown>;
  batchId?: string | null;
  /** Every row's group (one per insert: a workflow batch splits by rendered key). */
  groupKey?: string | null;
  apiKeyId?: string | null;
  templateId?: string | null;
  templateVersion?: number | null;
  templateParams?: Record<string, unknown> | null;
  /** A send's rich content, the same on every row. */
  rich?: { actions: NotificationAction[] | null; imageUrl: string | null; avatar: string | null };
  scheduledAt?: Date | null;
  sentAt?: Date | null;
  expiresAt?: Date | null;
  /**
   * The send's audit row, written by the same statement (so a plain send stays one atomic round
   * trip); `data.recipients` is filled with the number of rows inserted.
   */
  audit?: {
    actorType: string;
    actorId: string | null;
    action: string;
    targetType: string;
    targetId: string;
    data: Record<string, unknown>;
  };
};

export type InsertedNotification = {
  id: string;
  user_id: string;
  external_id: string;
  seq: number;
  change_seq: number;
  created_at: Date;
};

/**
 * Writes one notification per recipient in ONE statement (atomic on its own, one round trip):
 * known users are found by join, unknown ones created, each recipient's counter row bumped, and
 * the rows inserted. A deleted user is found (so not created again) but gets nothing. The counter row is the per-user lock that makes `seq` values commit in order
 * (a later send cannot become visible with a lower seq than one already seen); counters are
 * locked in user-id order (and new users created in external-id order) so concurrent sends
 * cannot deadlock. The ids travel as one array
 * parameter: a list of 100,000 parameters would exceed PostgreSQL's limit.
 */
export async function insertNotifications(
  db: Executor,
  n: NewNotifications,
): Promise<InsertedNotification[]> {
  const personal =
    n.titles !== undefined ||
    n.contents !== undefined ||
    n.metadatas !== undefined ||
    n.templateParamsList !== undefined;
  const { externalIds, titles, contents, metadatas, params } = personal
    ? alignedRecipients(n)
    : {
        externalIds: [...new Set(n.externalIds)].sort(),
        titles: [],
        contents: [],
        metadatas: [],
        params: [],
      };
  if (externalIds.length === 0) return [];
  const channels = n.channels ?? ["app"];
  // Per-recipient texts travel as arrays beside the ids; the one-text path stays the statement it was.
  const input = personal
    ? sql`select * from unnest(${sql.param(externalIds)}::text[], ${sql.param(titles)}::text[], ${sql.param(contents)}::text[], ${sql.param(metadatas)}::text[], ${sql.param(params)}::text[]) as t(external_id, title, content, metadata, params)`
    : sql`select unnest(${sql.param(externalIds)}::text[]) as external_id`;
  // Each recipient's texts ride along with its row (existing users by the join that finds them).
  const carried = personal ? sql`, i.title, i.content, i.metadata, i.params` : sql``;
  const recipients = personal
    ? sql`select id, external_id, title, content, metadata, params from existing where deleted_at is null union all select c.id, c.external_id, i.title, i.content, i.metadata, i.params from created c join input i on i.external_id = c.external_id`
    : sql`select id, external_id from existing where deleted_at is null union all select id, external_id from created`;
  const texts = personal
    ? sql`${n.titles ? sql`r.title` : n.title}, ${n.contents ? sql`r.content` : n.content}`
    : sql`${n.title}, ${n.content}`;
  const source = personal ? sql`from counters c join recipients r on r.id = c.user_id` : sql`from counters c`;
  const paramsColumn = n.templateParams || n.templateParamsList ? sql`, template_params` : sql``;
  const expiresColumn = n.expiresAt ? sql`, expires_at` : sql``;
  const expiresValue = n.expiresAt ? sql`, ${n.expiresAt.toISOString()}::timestamptz` : sql``;
  const paramsValue = n.templateParamsList
    ? sql`, r.params::jsonb`
    : n.templateParams
      ? sql`, ${JSON.stringify(n.templateParams)}::jsonb`
      : sql``;
  // Only a send with rich content names its columns: the plain statement stays what it was.
  const hasRich = n.rich && (n.rich.actions || n.rich.imageUrl || n.rich.avatar);
  const richColumns = hasRich ? sql`, actions, image_url, avatar` : sql``;
  const richValues = hasRich
    ? sql`, ${n.rich!.actions ? JSON.stringify(n.rich!.actions) : null}::jsonb, ${n.rich!.imageUrl}::text, ${n.rich!.avatar}::text`
    : sql``;
  const metadataValue = n.metadatas
    ? sql`r.metadata::jsonb`
    : sql`${JSON.stringify(n.metadata ?? {})}::jsonb`;
  const a = n.audit;
  const auditCte = a
    ? sql`,
    logged as (
      insert into audit_log (tenant_id, actor_type, actor_id, action, target_type, target_id, data)
      select ${n.tenantId}::uuid, ${a.actorType}, ${a.actorId}, ${a.action}, ${a.targetType}, ${a.targetId},
        ${JSON.stringify(a.data)}::jsonb || jsonb_build_object('recipients', (select count(*) from inserted))
    )`
    : sql``;
  // Dates travel as ISO strings: drizzle turns off postgres.js's own date encoding.
  const rows = await executePrepared<InsertedNotification>(
    db,
    sql`
    with input as (${input}),
    existing as (
      select u.id, u.external_id, u.deleted_at${carried} from users u join input i on u.external_id = i.external_id
      where u.tenant_id = ${n.tenantId}::uuid
    ),
    created as (
      insert into users (tenant_id, external_id)
      select ${n.tenantId}::uuid, i.external_id from input i
      where not exists (select 1 from existing e where e.external_id = i.external_id)
      -- In key order: concurrent sends creating the same new users wait on each other, never deadlock.
      order by i.external_id
      -- "do update" (not "do nothing") so a user created concurrently is still returned.
      on conflict (tenant_id, external_id) do update set external_id = excluded.external_id
      returning id, external_id
    ),
    recipients as (${recipients}),
    counters as (
      insert into user_counters (user_id, tenant_id, notification_seq, change_seq)
      select id, ${n.tenantId}::uuid, 1, 1 from recipients order by id
      on conflict (user_id) do update
        set notification_seq = user_counters.notification_seq + 1, change_seq = user_counters.change_seq + 1
      returning user_id, notification_seq, change_seq
    ),
    inserted as (
      insert into notifications (tenant_id, user_id, seq, change_seq, batch_id, title, content, type, priority,
        status, channels, metadata, template_id, template_version, api_key_id, scheduled_at, sent_at, group_key${paramsColumn}${richColumns}${expiresColumn})
      select ${n.tenantId}::uuid, c.user_id, c.notification_seq, c.change_seq, ${n.batchId ?? null}::uuid,
        ${texts}, ${n.type}, ${n.priority ?? "normal"}, ${n.status ?? INITIAL_NOTIFICATION_STATUS},
        ${sql.param(channels)}::text[], ${metadataValue}, ${n.templateId ?? null}::uuid,
        ${n.templateVersion ?? null}::int, ${n.apiKeyId ?? null}::uuid,
        ${n.scheduledAt?.toISOString() ?? null}::timestamptz, ${n.sentAt?.toISOString() ?? null}::timestamptz,
        ${n.groupKey ?? null}::varchar${paramsValue}${richValues}${expiresValue}
      ${source} order by c.user_id
      returning id, user_id, seq, change_seq, created_at
    )${auditCte}
    select i.id, i.user_id, i.seq, i.change_seq, i.created_at, r.external_id
    from inserted i join recipients r on r.id = i.user_id`,
  );
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    change_seq: Number(r.change_seq),
    created_at: new Date(r.created_at),
  }));
}

/** Distinct recipients in key order with their own texts, metadata and params (a duplicate's first entry wins). */
function alignedRecipients(n: NewNotifications): {
  externalIds: string[];
  titles: string[];
  contents: string[];
  metadatas: string[];
  params: (string | null)[];
} {
  // As JSON text beside the ids; an absent list stays empty: unnest pads it with nulls and the
  // statement uses the one value instead.
  const json = <T>(list: T[] | undefined) =>
    list ? list.map((v) => (v == null ? null : JSON.stringify(v))) : [];
  // A template send passes its recipients distinct and sorted already: nothing to align.
  if (n.externalIds.every((id, i) => i === 0 || n.externalIds[i - 1]! < id)) {
    return {
      externalIds: n.externalIds,
      titles: n.titles ?? [],
      contents: n.contents ?? [],
      metadatas: json(n.metadatas) as string[],
      params: json(n.templateParamsList),
    };
  }
  const first = new Map<string, number>();
  n.externalIds.forEach((id, i) => {
    if (!first.has(id)) first.set(id, i);
  });
  const externalIds = [...first.keys()].sort();
  const pick = <T>(list: T[] | undefined) =>
    list ? externalIds.map((id) => list[first.get(id)!]!) : undefined;
  return {
    externalIds,
    titles: pick(n.titles) ?? [],
    contents: pick(n.contents) ?? [],
    metadatas: json(pick(n.metadatas)) as string[],
    params: json(pick(n.templateParamsList)),
  };
}

/**
 * One send of `insertPlainSends`: an immediate send with its own texts, batch and audit row (no
 * template, schedule or expiry); its recipients are distinct.
 */
export type PlainSend = Pick<
  NewNotifications,
  | "tenantId"
  | "externalIds"
  | "title"
  | "content"
  | "type"
  | "priority"
  | "status"
  | "channels"
  | "metadata"
  | "groupKey"
  | "apiKeyId"
  | "rich"
  | "sentAt"
> & { batchId: string; audit: NonNullable<NewNotifications["audit"]> };

/**
 * Several plain sends in ONE statement, each with its own row values and audit row: concurrent
 * sends then share a round trip and a commit (the database's cost per send is mostly per
 * statement). The same rules as insertNotifications: unknown users created in key order, counters
 * locked in user-id order, a deleted user gets nothing. A (tenant, recipient) pair may appear in
 * one send of the list only (one counter row cannot be bumped twice by a statement). Answers each
 * send's rows, in the order of `sends`.
 */
export async function insertPlainSends(
  db: Executor,
  sends: readonly PlainSend[],
): Promise<InsertedNotification[][]> {
  const recipients = sends.flatMap((s, ord) =>
    [...new Set(s.externalIds)].map((externalId) => ({ ord, tenantId: s.tenantId, externalId })),
  );
  const seen = new Set<string>();
  for (const r of recipients) {
    const key = `${r.tenantId}\u0000${r.externalId}`;
    if (seen.has(key)) throw new Error("insertPlainSends: a recipient appears in two sends of one statement");
    seen.add(key);
  }
  const column = <T>(pick: (s: PlainSend) => T) => sql.param(sends.map(pick));
  const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
  const rows = await executePrepared<InsertedNotification & { ord: number }>(
    db,
    sql`
    with input as (
      select * from unnest(${sql.param(recipients.map((r) => r.ord))}::int[],
        ${sql.param(recipients.map((r) => r.tenantId))}::uuid[],
        ${sql.param(recipients.map((r) => r.externalId))}::text[]) as t(ord, tenant_id, external_id)
    ),
    sends as (
      select * from unnest(
        ${column((s) => s.tenantId)}::uuid[], ${column((s) => s.batchId)}::uuid[], ${column((s) => s.title)}::text[],
        ${column((s) => s.content)}::text[], ${column((s) => s.type)}::text[],
        ${column((s) => s.priority ?? "normal")}::text[],
        ${column((s) => s.status ?? INITIAL_NOTIFICATION_STATUS)}::text[],
        ${column((s) => json(s.channels ?? ["app"]))}::text[], ${column((s) => json(s.metadata ?? {}))}::text[],
        ${column((s) => s.apiKeyId ?? null)}::uuid[], ${column((s) => s.sentAt?.toISOString() ?? null)}::text[],
        ${column((s) => s.groupKey ?? null)}::text[], ${column((s) => json(s.rich?.actions))}::text[],
        ${column((s) => s.rich?.imageUrl ?? null)}::text[], ${column((s) => s.rich?.avatar ?? null)}::text[],
        ${column((s) => s.audit.actorType)}::text[], ${column((s) => s.audit.actorId)}::text[],
        ${column((s) => s.audit.action)}::text[], ${column((s) => s.audit.targetType)}::text[],
        ${column((s) => s.audit.targetId)}::text[], ${column((s) => json(s.audit.data))}::text[]
      ) with ordinality as t(tenant_id, batch_id, title, content, type, priority, status, channels, metadata,
        api_key_id, sent_at, group_key, actions, image_url, avatar,
        actor_type, actor_id, action, target_type, target_id, audit_data, n)
    ),
    existing as (
      select u.id, u.tenant_id, u.external_id, u.deleted_at from users u
      join input i on u.tenant_id = i.tenant_id and u.external_id = i.external_id
    ),
    created as (
      insert into users (tenant_id, external_id)
      select i.tenant_id, i.external_id from input i
      where not exists (select 1 from existing e where e.tenant_id = i.tenant_id and e.external_id = i.external_id)
      order by i.tenant_id, i.external_id
      on conflict (tenant_id, external_id) do update set external_id = excluded.external_id
      returning id, tenant_id, external_id
    ),
    recipients as (
      select r.id, r.tenant_id, r.external_id, i.ord from (
        select id, tenant_id, external_id from existing where deleted_at is null
        union all select id, tenant_id, external_id from created
      ) r join input i on i.tenant_id = r.tenant_id and i.external_id = r.external_id
    ),
    counters as (
      insert into user_counters (user_id, tenant_id, notification_seq, change_seq)
      select id, tenant_id, 1, 1 from recipients order by id
      on conflict (user_id) do update
        set notification_seq = user_counters.notification_seq + 1, change_seq = user_counters.change_seq + 1
      returning user_id, notification_seq, change_seq
    ),
    inserted as (
      insert into notifications (tenant_id, user_id, seq, change_seq, batch_id, title, content, type, priority,
        status, channels, metadata, api_key_id, sent_at, group_key, actions, image_url, avatar)
      select r.tenant_id, c.user_id, c.notification_seq, c.change_seq, s.batch_id, s.title, s.content, s.type,
        s.priority, s.status, array(select jsonb_array_elements_text(s.channels::jsonb)), s.metadata::jsonb,
        s.api_key_id, s.sent_at::timestamptz, s.group_key, s.actions::jsonb, s.image_url, s.avatar
      from counters c join recipients r on r.id = c.user_id join sends s on s.n = r.ord + 1
      order by c.user_id
      returning id, user_id, seq, change_seq, created_at, batch_id
    ),
    logged as (
      insert into audit_log (tenant_id, actor_type, actor_id, action, target_type, target_id, data)
      select s.tenant_id, s.actor_type, s.actor_id,
        s.action, s.target_type, s.target_id,
        s.audit_data::jsonb || jsonb_build_object('recipients', (select count(*) from inserted n where n.batch_id = s.batch_id))
      from sends s order by s.n
    )
    select n.id, n.user_id, n.seq, n.change_seq, n.created_at, r.external_id, r.ord
    from inserted n join recipients r on r.id = n.user_id`,
  );
  const bySend = sends.map((): InsertedNotification[] => []);
  for (const { ord, ...r } of rows) {
    bySend[ord]!.push({
      ...r,
      seq: Number(r.seq),
      change_seq: Number(r.change_seq),
      created_at: new Date(r.created_at),
    });
  }
  return bySend;
}
