// The console dashboard's figures, from three set-based aggregates over one tenant's recent rows:
// - notifications by local bucket (index notifications_tenant_created_idx: tenant_id, created_at desc);
// - deliveries by local bucket × channel × provider × status (deliveries_tenant_created_idx), from
//   which the series, the per-channel and per-provider rates and today's cards are all derived;
// - failure reasons (deliveries_tenant_status_idx: tenant_id, status, created_at desc);
// - engagement per template: the window's template notifications, each with its email delivery
//   (deliveries_notification_channel_key) for opens and clicks, and its own inbox interaction.
// Every query is bounded by the window (at most 14 days), so none of them scans a table's history.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { rowsOf, type Db } from "../db/client";
import { notificationChannels, type DeliveryStatus, type NotificationChannel } from "../db/schema";
import { connectionCount } from "../realtime/connections";
import { circuitOf } from "../delivery/breakers";
import { listChains } from "../delivery/chains";
import { TOP_ENGAGEMENT_TEMPLATES, type DashboardJson, type DashboardQuery } from "./schema";

const SUCCEEDED = new Set<DeliveryStatus>(["sent", "delivered"]);
const FAILED = new Set<DeliveryStatus>(["failed", "bounced"]);
const IN_FLIGHT = new Set<DeliveryStatus>(["queued", "sending"]);
// Statuses of notifications that have not gone out (yet): a scheduled send, a cancelled one.
const NOT_DISPATCHED = sql.raw(`('pending','cancelled')`);

export const TOP_FAILURE_REASONS = 10;

type Unit = "hour" | "day";
// The same local bucket label on both sides: PostgreSQL's to_char and luxon's toFormat.
const PG_FORMAT: Record<Unit, string> = { hour: 'YYYY-MM-DD"T"HH24:00', day: "YYYY-MM-DD" };
const LUXON_FORMAT: Record<Unit, string> = { hour: "yyyy-LL-dd'T'HH':00'", day: "yyyy-LL-dd" };

/** The local bucket labels of the window, oldest first, and the instant the first one starts. */
export function windowOf(range: DashboardQuery["range"], tz: string, now = new Date()) {
  const unit: Unit = range === "24h" ? "hour" : "day";
  const local = DateTime.fromJSDate(now, { zone: tz });
  const count = unit === "hour" ? 24 : 14;
  const first = local.startOf(unit).minus({ [unit]: count - 1 });
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = first.plus({ [unit]: i }).toFormat(LUXON_FORMAT[unit]);
    // A DST fall-back repeats an hour label; PostgreSQL groups both hours under it too.
    if (!labels.includes(label)) labels.push(label);
  }
  const today = local.startOf("day");
  return {
    unit,
    labels,
    since: first.toJSDate(),
    today: today.toJSDate(),
    todayLabel: today.toFormat("yyyy-LL-dd"),
  };
}

type Outcome = { total: number; succeeded: number; failed: number; in_flight: number; skipped: number };
const emptyOutcome = (): Outcome => ({ total: 0, succeeded: 0, failed: 0, in_flight: 0, skipped: 0 });

function add(o: Outcome, status: DeliveryStatus, n: number): void {
  o.total += n;
  if (SUCCEEDED.has(status)) o.succeeded += n;
  else if (FAILED.has(status)) o.failed += n;
  else if (IN_FLIGHT.has(status)) o.in_flight += n;
  else o.skipped += n;
}

/** Success among the deliveries that reached an outcome: in-flight and skipped ones do not count. */
const rateOf = <O extends Outcome>(o: O) => ({
  ...o,
  success_rate: o.succeeded + o.failed > 0 ? o.succeeded / (o.succeeded + o.failed) : null,
});

export async function dashboard(
  db: Db,
  tenantId: string,
  query: DashboardQuery,
  now = new Date(),
): Promise<DashboardJson> {
  const w = windowOf(query.range, query.tz, now);
  const bucket = (column: string) =>
    sql`to_char(date_trunc(${sql.raw(`'${w.unit}'`)}, ${sql.raw(column)} at time zone ${query.tz}), ${sql.raw(`'${PG_FORMAT[w.unit]}'`)})`;

  const [chains, notificationRows, deliveryRows, reasonRows, engagementRows] = await Promise.all([
    listChains(db, tenantId),
    db.execute(sql`
      select ${bucket("created_at")} as bucket,
             count(*) as sent,
             count(*) filter (where 'app' = any(channels)) as app,
             count(*) filter (where read_at is not null) as read
        from notifications
       where tenant_id = ${tenantId} and created_at >= ${w.since.toISOString()}::timestamptz and status not in ${NOT_DISPATCHED}
       group by 1`),
    db.execute(sql`
      select ${bucket("created_at")} as bucket, channel, coalesce(provider, 'none') as provider, status,
             count(*) as n
        from deliveries
       where tenant_id = ${tenantId} and created_at >= ${w.since.toISOString()}::timestamptz
       group by 1, 2, 3, 4`),
    db.execute(sql`
      select coalesce(reason, 'unknown') as reason, channel, count(*) as n,
             (array_agg(last_error order by updated_at desc) filter (where last_error is not null))[1] as last_error
        from deliveries
       where tenant_id = ${tenantId} and status in ('failed', 'bounced') and created_at >= ${w.since.toISOString()}::timestamptz
       group by 1, 2
       order by n desc, reason
       limit ${TOP_FAILURE_REASONS}`),
    db.execute(sql`
      select n.template_id, t.code, t.name, count(*) as notifications,
             count(d.id) filter (where d.status in ('sent', 'delivered')) as emails,
             count(d.id) filter (where d.opened_at is not null) as opened,
             count(*) filter (where d.clicked_at is not null or n.interacted_at is not null) as clicked
        from notifications n
        left join deliveries d on d.notification_id = n.id and d.channel = 'email' and d.tenant_id = n.tenant_id
        left join templates t on t.id = n.template_id and t.tenant_id = n.tenant_id
       where n.tenant_id = ${tenantId} and n.created_at >= ${w.since.toISOString()}::timestamptz
         and n.status not in ${NOT_DISPATCHED} and n.template_id is not null
       group by 1, 2, 3
       order by notifications desc, t.code
       limit ${TOP_ENGAGEMENT_TEMPLATES}`),
  ]);

  const buckets = new Map(
    w.labels.map((start) => [
      start,
      {
        start,
        ...Object.fromEntries(notificationChannels.map((c) => [c, 0])),
      } as DashboardJson["series"]["buckets"][number],
    ]),
  );
  const isToday = (label: string) => label.startsWith(w.todayLabel);

  let sent = 0;
  let inApp = 0;
  let read = 0;
  for (const r of rowsOf<{ bucket: string; sent: string; app: string; read: string }>(notificationRows)) {
    const b = buckets.get(r.bucket);
    if (b) b.app += Number(r.app);
    if (isToday(r.bucket)) {
      sent += Number(r.sent);
      inApp += Number(r.app);
      read += Number(r.read);
    }
  }

  const byChannel = new Map<string, Outcome>();
  const byProvider = new Map<string, Outcome & { provider: string; channel: string }>();
  const today = { ...emptyOutcome(), delivered: 0 };
  type DeliveryRow = {
    bucket: string;
    channel: NotificationChannel;
    provider: string;
    status: DeliveryStatus;
    n: string;
  };
  for (const r of rowsOf<DeliveryRow>(deliveryRows)) {
    const n = Number(r.n);
    const b = buckets.get(r.bucket);
    // The series counts what was handed to (or meant for) a provider, not skipped or cancelled rows.
    if (b && r.channel in b && (SUCCEEDED.has(r.status) || FAILED.has(r.status) || IN_FLIGHT.has(r.status)))
      b[r.channel] += n;
    add(byChannel.get(r.channel) ?? byChannel.set(r.channel, emptyOutcome()).get(r.channel)!, r.status, n);
    const key = `${r.provider}\u0000${r.channel}`;
    let p = byProvider.get(key);
    if (!p) byProvider.set(key, (p = { provider: r.provider, channel: r.channel, ...emptyOutcome() }));
    add(p, r.status, n);
    if (isToday(r.bucket)) {
      add(today, r.status, n);
      if (r.status === "delivered") today.delivered += n;
    }
  }

  const channelOrder = (c: string) => notificationChannels.indexOf(c as NotificationChannel);
  return {
    generated_at: now.toISOString(),
    range: query.range,
    timezone: query.tz,
    live_connections: connectionCount(),
    today: {
      since: w.today.toISOString(),
      sent,
      read,
      read_rate: inApp > 0 ? read / inApp : null,
      deliveries: rateOf(today),
    },
    series: { unit: w.unit, buckets: [...buckets.values()] },
    channels: [...byChannel.entries()]
      .sort(([a], [b]) => channelOrder(a) - channelOrder(b))
      .map(([channel, o]) => ({ channel, ...rateOf(o) })),
    providers: [...byProvider.values()]
      .sort((a, b) => channelOrder(a.channel) - channelOrder(b.channel) || b.total - a.total)
      .map((p) => rateOf(p)),
    circuits: chains.flatMap(({ channel, members, fallback }): DashboardJson["circuits"] =>
      members.length > 0
        ? members.map((m) => ({
            channel,
            provider: m.provider,
            integration_id: m.integration_id,
            name: m.name,
            state: m.circuit,
          }))
        : fallback
          ? [
              {
                channel,
                provider: fallback,
                integration_id: null,
                name: fallback,
                state: circuitOf({ channel, name: fallback, integrationId: null }),
              },
            ]
          : [],
    ),
    failure_reasons: rowsOf<{ reason: string; channel: string; n: string; last_error: string | null }>(
      reasonRows,
    ).map((r) => ({ reason: r.reason, channel: r.channel, count: Number(r.n), last_error: r.last_error })),
    engagement: rowsOf<EngagementRow>(engagementRows).map(engagementOf),
  };
}

type EngagementRow = {
  template_id: string;
  code: string | null;
  name: string | null;
  notifications: string;
  emails: string;
  opened: string;
  clicked: string;
};

function engagementOf(r: EngagementRow): DashboardJson["engagement"][number] {
  const [notifications, emails, opened, clicked] = [r.notifications, r.emails, r.opened, r.clicked].map(
    Number,
  ) as [number, number, number, number];
  return {
    template_id: r.template_id,
    template_code: r.code,
    template_name: r.name,
    notifications,
    emails,
    opened,
    clicked,
    open_rate: emails > 0 ? opened / emails : null,
    click_rate: notifications > 0 ? clicked / notifications : null,
  };
}
