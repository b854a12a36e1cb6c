"use client";
// The console's home: today's figures and delivery health per channel and provider. Polls every
// 10 s (TanStack Query refetchInterval) — the figures are aggregates, so a short poll is cheaper and
// simpler than pushing every delivery change to the console.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Activity, CheckCircle2, Eye, Send, XCircle } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import type { DashboardJson, DashboardRange } from "@/lib/dashboard/schema";
import { apiFetch } from "@/lib/http/api-client";
import { channelColor, channelName, formatCount, formatRate } from "./format";
import { HorizontalBars, type BarDatum } from "./horizontal-bars";
import { SendsChart } from "./sends-chart";
import { StatCard, StatCardSkeleton } from "./stat-card";

export const DASHBOARD_REFRESH_MS = 10_000;

const ranges: { value: DashboardRange; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "14d", label: "Last 14 days" },
];

/** Green when healthy, amber when some fail, red when many do. */
function healthColor(rate: number): string {
  if (rate >= 0.95) return "#16a34a";
  if (rate >= 0.8) return "#d97706";
  return "#dc2626";
}

function rateBars(rows: (DashboardJson["channels"][number] & { label: string })[]): BarDatum[] {
  return rows
    .filter((r) => r.success_rate !== null)
    .map((r) => ({
      label: r.label,
      value: r.success_rate!,
      color: healthColor(r.success_rate!),
      detail: `${formatCount(r.succeeded)} of ${formatCount(r.succeeded + r.failed)} succeeded`,
    }));
}

function Section({
  title,
  action,
  children,
}: {
  title: string;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Card className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </Card>
  );
}

export function Dashboard() {
  const [range, setRange] = useState<DashboardRange>("24h");
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const query = useQuery({
    queryKey: ["admin", "dashboard", range, tz],
    queryFn: () => apiFetch<DashboardJson>("/api/v1/admin/dashboard", { query: { range, tz } }),
    refetchInterval: DASHBOARD_REFRESH_MS,
    staleTime: 0,
    // Switching the window keeps the old figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  const d = query.data;
  const windowLabel = range === "24h" ? "last 24 hours" : "last 14 days";

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Dashboard</h1>
          <p className="text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
            {d ? (
              <>
                <span className="mr-1.5 inline-block size-2 rounded-full bg-green-500" aria-hidden />
                Live · updated {new Date(d.generated_at).toLocaleTimeString()} · times in {d.timezone}
              </>
            ) : (
              "Loading figures…"
            )}
          </p>
        </div>
        <div role="group" aria-label="Time window" className="flex gap-1">
          {ranges.map((r) => (
            <Button
              key={r.value}
              size="sm"
              variant={range === r.value ? "primary" : "secondary"}
              aria-pressed={range === r.value}
              onClick={() => setRange(r.value)}
            >
              {r.label}
            </Button>
          ))}
        </div>
      </div>

      {query.isError && !d ? (
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      ) : (
        <>
          <section aria-label="Today" className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-5">
            {d ? (
              <>
                <StatCard
                  label="Sent today"
                  icon={<Send className="size-4" />}
                  value={formatCount(d.today.sent)}
                  detail={`${formatCount(d.today.deliveries.total)} external ${d.today.deliveries.total === 1 ? "delivery" : "deliveries"}`}
                />
                <StatCard
                  label="Delivered"
                  icon={<CheckCircle2 className="size-4" />}
                  value={formatRate(d.today.deliveries.success_rate)}
                  tone={
                    d.today.deliveries.success_rate === null
                      ? "default"
                      : d.today.deliveries.success_rate >= 0.95
                        ? "good"
                        : "bad"
                  }
                  detail={`${formatCount(d.today.deliveries.succeeded)} sent, ${formatCount(d.today.deliveries.delivered)} confirmed`}
                />
                <StatCard
                  label="Failed today"
                  icon={<XCircle className="size-4" />}
                  value={formatCount(d.today.deliveries.failed)}
                  tone={d.today.deliveries.failed > 0 ? "bad" : "default"}
                  detail={`${formatCount(d.today.deliveries.in_flight)} in flight, ${formatCount(d.today.deliveries.skipped)} skipped`}
                />
                <StatCard
                  label="Read rate"
                  icon={<Eye className="size-4" />}
                  value={formatRate(d.today.read_rate)}
                  detail={`${formatCount(d.today.read)} read in the inbox`}
                />
                <StatCard
                  label="Live connections"
                  icon={<Activity className="size-4" />}
                  value={formatCount(d.live_connections)}
                  detail="Open sockets on this node"
                />
              </>
            ) : (
              Array.from({ length: 5 }, (_, i) => <StatCardSkeleton key={i} />)
            )}
          </section>

          <Section title={`Sends per channel, ${windowLabel}`}>
            {d ? <SendsChart series={d.series} /> : <Skeleton className="h-64 w-full" />}
          </Section>

          <div className="grid gap-6 lg:grid-cols-2">
            <Section title="Delivery success by channel">
              {d ? (
                <RateChart
                  title="Delivery success rate per channel"
                  bars={rateBars(d.channels.map((c) => ({ ...c, label: channelName(c.channel) })))}
                />
              ) : (
                <Skeleton className="h-40 w-full" />
              )}
            </Section>
            <Section title="Delivery success by provider">
              {d ? (
                <RateChart
                  title="Delivery success rate per provider"
                  bars={rateBars(
                    d.providers
                      .filter((p) => p.provider !== "none")
                      .map((p) => ({
                        ...p,
                        label: `${p.provider} · ${channelName(p.channel)}`,
                      })),
                  )}
                />
              ) : (
                <Skeleton className="h-40 w-full" />
              )}
            </Section>
          </div>

          <Section title="Provider circuits (this server)">
            {d ? <Circuits circuits={d.circuits} /> : <Skeleton className="h-24 w-full" />}
          </Section>

          <Section title={`Top failure reasons, ${windowLabel}`}>
            {d ? <FailureReasons reasons={d.failure_reasons} /> : <Skeleton className="h-40 w-full" />}
          </Section>

          <Section title={`Engagement per template, ${windowLabel}`}>
            {d ? <Engagement rows={d.engagement} /> : <Skeleton className="h-40 w-full" />}
          </Section>
        </>
      )}
    </main>
  );
}

function RateChart({ bars, title }: { bars: BarDatum[]; title: string }) {
  if (bars.length === 0)
    return (
      <EmptyState title="No finished deliveries in this window">
        Rates appear once messages are sent.
      </EmptyState>
    );
  return <HorizontalBars data={bars} max={1} format={(v) => formatRate(v)} title={title} />;
}

function FailureReasons({ reasons }: { reasons: DashboardJson["failure_reasons"] }) {
  if (reasons.length === 0) return <EmptyState title="No failed deliveries in this window" />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <HorizontalBars
        title="Failed deliveries per reason"
        format={formatCount}
        data={reasons.map((r) => ({
          label: `${r.reason} · ${channelName(r.channel)}`,
          value: r.count,
          color: channelColor[r.channel] ?? "#64748b",
          detail: `${formatCount(r.count)} failed`,
        }))}
      />
      <Table>
        <thead>
          <tr>
            <Th>Reason</Th>
            <Th>Channel</Th>
            <Th className="text-right">Failed</Th>
            <Th>Last error</Th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr key={`${r.reason}-${r.channel}`}>
              <Td className="font-mono text-xs">{r.reason}</Td>
              <Td>{channelName(r.channel)}</Td>
              <Td className="text-right tabular-nums">{formatCount(r.count)}</Td>
              <Td
                className="max-w-64 truncate text-xs text-slate-600 dark:text-slate-300"
                title={r.last_error ?? undefined}
              >
                {r.last_error ?? "—"}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function Engagement({ rows }: { rows: DashboardJson["engagement"] }) {
  if (rows.length === 0)
    return (
      <EmptyState title="No template sends in this window">
        Open rates need open tracking, email click rates click tracking (Integrations → Tracking); clicks on
        an action in the inbox always count.
      </EmptyState>
    );
  return (
    <Table>
      <thead>
        <tr>
          <Th>Template</Th>
          <Th className="text-right">Sent</Th>
          <Th className="text-right">Emails</Th>
          <Th className="text-right">Open rate</Th>
          <Th className="text-right">Click rate</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.template_id}>
            <Td>
              {r.template_name ?? "Deleted template"}
              {r.template_code ? (
                <span className="ml-2 font-mono text-xs text-slate-500 dark:text-slate-400">
                  {r.template_code}
                </span>
              ) : null}
            </Td>
            <Td className="text-right tabular-nums">{formatCount(r.notifications)}</Td>
            <Td className="text-right tabular-nums">{formatCount(r.emails)}</Td>
            <Td className="text-right tabular-nums" title={`${formatCount(r.opened)} opened`}>
              {formatRate(r.open_rate)}
            </Td>
            <Td className="text-right tabular-nums" title={`${formatCount(r.clicked)} clicked`}>
              {formatRate(r.click_rate)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const CIRCUIT_LABEL: Record<DashboardJson["circuits"][number]["state"], [string, "green" | "amber" | "red"]> =
  {
    closed: ["closed: sending", "green"],
    half_open: ["half-open: probing", "amber"],
    open: ["open: passed over", "red"],
  };

/** Each channel's providers in failover order, with their breaker's state. */
function Circuits({ circuits }: { circuits: DashboardJson["circuits"] }) {
  if (circuits.length === 0) return <EmptyState title="No provider may send for this tenant" />;
  return (
    <Table>
      <thead>
        <tr>
          <Th>Channel</Th>
          <Th>Provider</Th>
          <Th>Circuit</Th>
        </tr>
      </thead>
      <tbody>
        {circuits.map((c) => {
          const [label, tone] = CIRCUIT_LABEL[c.state];
          return (
            <tr key={`${c.channel}-${c.integration_id ?? c.provider}`}>
              <Td>{channelName(c.channel)}</Td>
              <Td>
                {c.name}
                {c.integration_id ? "" : " (environment)"}
              </Td>
              <Td>
                <Badge tone={tone}>{label}</Badge>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
