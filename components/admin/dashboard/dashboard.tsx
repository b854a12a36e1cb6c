"use client";
// The console's home: today's figures and delivery health per channel and provider. Polls every
// 10 s (TanStack Query refetchInterval) — the figures are aggregates, so a short poll is cheaper and
// simpler than pushing every delivery change to the console.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Activity, CheckCircle2, Eye, Send, XCircle } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import type { DashboardJson, DashboardRange } from "@/lib/dashboard/schema";
import { apiFetch } from "@/lib/http/api-client";
import { useLabels } from "@/components/admin/shared/labels";
import { channelColor, formatCount, formatRate } from "./format";
import { HorizontalBars, type BarDatum } from "./horizontal-bars";
import { SendsChart } from "./sends-chart";
import { StatCard, StatCardSkeleton } from "./stat-card";

export const DASHBOARD_REFRESH_MS = 10_000;

const ranges: DashboardRange[] = ["24h", "14d"];

/** Counts and rates in the console's language. */
function useNumbers() {
  const locale = useLocale();
  return useMemo(
    () => ({
      count: (n: number) => formatCount(n, locale),
      rate: (r: number | null) => formatRate(r, 1, locale),
    }),
    [locale],
  );
}

/** Green when healthy, amber when some fail, red when many do. */
function healthColor(rate: number): string {
  if (rate >= 0.95) return "#16a34a";
  if (rate >= 0.8) return "#d97706";
  return "#dc2626";
}

function rateBars(
  rows: (DashboardJson["channels"][number] & { label: string })[],
  detail: (succeeded: number, total: number) => string,
): BarDatum[] {
  return rows
    .filter((r) => r.success_rate !== null)
    .map((r) => ({
      label: r.label,
      value: r.success_rate!,
      color: healthColor(r.success_rate!),
      detail: detail(r.succeeded, r.succeeded + r.failed),
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
  const t = useTranslations("dashboard");
  const labels = useLabels();
  const n = useNumbers();
  const format = useFormatter();
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
  const windowLabel = t(`window.${range}`);
  const succeededOf = (succeeded: number, total: number) =>
    t("succeededOf", { succeeded: n.count(succeeded), total: n.count(total) });

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
            {d ? (
              <>
                <span className="mr-1.5 inline-block size-2 rounded-full bg-green-500" aria-hidden />
                {t("live", {
                  time: format.dateTime(new Date(d.generated_at), { timeStyle: "medium" }),
                  zone: d.timezone,
                })}
              </>
            ) : (
              t("loading")
            )}
          </p>
        </div>
        <div role="group" aria-label={t("timeWindow")} className="flex gap-1">
          {ranges.map((r) => (
            <Button
              key={r}
              size="sm"
              variant={range === r ? "primary" : "secondary"}
              aria-pressed={range === r}
              onClick={() => setRange(r)}
            >
              {t(`range.${r}`)}
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
          <section aria-label={t("today")} className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-5">
            {d ? (
              <>
                <StatCard
                  label={t("stats.sent")}
                  icon={<Send className="size-4" />}
                  value={n.count(d.today.sent)}
                  detail={t("stats.sentDetail", {
                    count: d.today.deliveries.total,
                    formatted: n.count(d.today.deliveries.total),
                  })}
                />
                <StatCard
                  label={t("stats.delivered")}
                  icon={<CheckCircle2 className="size-4" />}
                  value={n.rate(d.today.deliveries.success_rate)}
                  tone={
                    d.today.deliveries.success_rate === null
                      ? "default"
                      : d.today.deliveries.success_rate >= 0.95
                        ? "good"
                        : "bad"
                  }
                  detail={t("stats.deliveredDetail", {
                    sent: n.count(d.today.deliveries.succeeded),
                    confirmed: n.count(d.today.deliveries.delivered),
                  })}
                />
                <StatCard
                  label={t("stats.failed")}
                  icon={<XCircle className="size-4" />}
                  value={n.count(d.today.deliveries.failed)}
                  tone={d.today.deliveries.failed > 0 ? "bad" : "default"}
                  detail={t("stats.failedDetail", {
                    inFlight: n.count(d.today.deliveries.in_flight),
                    skipped: n.count(d.today.deliveries.skipped),
                  })}
                />
                <StatCard
                  label={t("stats.readRate")}
                  icon={<Eye className="size-4" />}
                  value={n.rate(d.today.read_rate)}
                  detail={t("stats.readDetail", { read: n.count(d.today.read) })}
                />
                <StatCard
                  label={t("stats.connections")}
                  icon={<Activity className="size-4" />}
                  value={n.count(d.live_connections)}
                  detail={t("stats.connectionsDetail")}
                />
              </>
            ) : (
              Array.from({ length: 5 }, (_, i) => <StatCardSkeleton key={i} />)
            )}
          </section>

          <Section title={t("sections.sends", { window: windowLabel })}>
            {d ? <SendsChart series={d.series} /> : <Skeleton className="h-64 w-full" />}
          </Section>

          <div className="grid gap-6 lg:grid-cols-2">
            <Section title={t("sections.byChannel")}>
              {d ? (
                <RateChart
                  title={t("sections.byChannelChart")}
                  bars={rateBars(
                    d.channels.map((c) => ({ ...c, label: labels.channel(c.channel) })),
                    succeededOf,
                  )}
                />
              ) : (
                <Skeleton className="h-40 w-full" />
              )}
            </Section>
            <Section title={t("sections.byProvider")}>
              {d ? (
                <RateChart
                  title={t("sections.byProviderChart")}
                  bars={rateBars(
                    d.providers
                      .filter((p) => p.provider !== "none")
                      .map((p) => ({
                        ...p,
                        label: `${p.provider} · ${labels.channel(p.channel)}`,
                      })),
                    succeededOf,
                  )}
                />
              ) : (
                <Skeleton className="h-40 w-full" />
              )}
            </Section>
          </div>

          <Section title={t("sections.circuits")}>
            {d ? <Circuits circuits={d.circuits} /> : <Skeleton className="h-24 w-full" />}
          </Section>

          <Section title={t("sections.failures", { window: windowLabel })}>
            {d ? <FailureReasons reasons={d.failure_reasons} /> : <Skeleton className="h-40 w-full" />}
          </Section>

          <Section title={t("sections.engagement", { window: windowLabel })}>
            {d ? <Engagement rows={d.engagement} /> : <Skeleton className="h-40 w-full" />}
          </Section>
        </>
      )}
    </main>
  );
}

function RateChart({ bars, title }: { bars: BarDatum[]; title: string }) {
  const t = useTranslations("dashboard");
  const n = useNumbers();
  if (bars.length === 0) return <EmptyState title={t("empty.rates")}>{t("empty.ratesText")}</EmptyState>;
  return <HorizontalBars data={bars} max={1} format={n.rate} title={title} />;
}

function FailureReasons({ reasons }: { reasons: DashboardJson["failure_reasons"] }) {
  const t = useTranslations("dashboard");
  const labels = useLabels();
  const n = useNumbers();
  if (reasons.length === 0) return <EmptyState title={t("empty.failures")} />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <HorizontalBars
        title={t("failures.chart")}
        format={n.count}
        data={reasons.map((r) => ({
          label: `${r.reason} · ${labels.channel(r.channel)}`,
          value: r.count,
          color: channelColor[r.channel] ?? "#64748b",
          detail: t("failures.count", { count: n.count(r.count) }),
        }))}
      />
      <Table>
        <thead>
          <tr>
            <Th>{t("failures.reason")}</Th>
            <Th>{t("columns.channel")}</Th>
            <Th className="text-right">{t("failures.failed")}</Th>
            <Th>{t("failures.lastError")}</Th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr key={`${r.reason}-${r.channel}`}>
              <Td className="font-mono text-xs">{r.reason}</Td>
              <Td>{labels.channel(r.channel)}</Td>
              <Td className="text-right tabular-nums">{n.count(r.count)}</Td>
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
  const t = useTranslations("dashboard");
  const n = useNumbers();
  if (rows.length === 0)
    return <EmptyState title={t("empty.engagement")}>{t("empty.engagementText")}</EmptyState>;
  return (
    <Table>
      <thead>
        <tr>
          <Th>{t("engagement.template")}</Th>
          <Th className="text-right">{t("engagement.sent")}</Th>
          <Th className="text-right">{t("engagement.emails")}</Th>
          <Th className="text-right">{t("engagement.openRate")}</Th>
          <Th className="text-right">{t("engagement.clickRate")}</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.template_id}>
            <Td>
              {r.template_name ?? t("engagement.deleted")}
              {r.template_code ? (
                <span className="ml-2 font-mono text-xs text-slate-500 dark:text-slate-400">
                  {r.template_code}
                </span>
              ) : null}
            </Td>
            <Td className="text-right tabular-nums">{n.count(r.notifications)}</Td>
            <Td className="text-right tabular-nums">{n.count(r.emails)}</Td>
            <Td
              className="text-right tabular-nums"
              title={t("engagement.opened", { count: n.count(r.opened) })}
            >
              {n.rate(r.open_rate)}
            </Td>
            <Td
              className="text-right tabular-nums"
              title={t("engagement.clicked", { count: n.count(r.clicked) })}
            >
              {n.rate(r.click_rate)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const CIRCUIT_TONE: Record<DashboardJson["circuits"][number]["state"], "green" | "amber" | "red"> = {
  closed: "green",
  half_open: "amber",
  open: "red",
};

/** Each channel's providers in failover order, with their breaker's state. */
function Circuits({ circuits }: { circuits: DashboardJson["circuits"] }) {
  const t = useTranslations("dashboard");
  const labels = useLabels();
  if (circuits.length === 0) return <EmptyState title={t("empty.circuits")} />;
  return (
    <Table>
      <thead>
        <tr>
          <Th>{t("columns.channel")}</Th>
          <Th>{t("columns.provider")}</Th>
          <Th>{t("columns.circuit")}</Th>
        </tr>
      </thead>
      <tbody>
        {circuits.map((c) => {
          return (
            <tr key={`${c.channel}-${c.integration_id ?? c.provider}`}>
              <Td>{labels.channel(c.channel)}</Td>
              <Td>{c.integration_id ? c.name : t("circuit.environment", { name: c.name })}</Td>
              <Td>
                <Badge tone={CIRCUIT_TONE[c.state]}>{t(`circuit.${c.state}`)}</Badge>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
