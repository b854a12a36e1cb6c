"use client";
// Sends per channel per bucket, stacked: what went out, and on which channel.
import { useLocale, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardJson } from "@/lib/dashboard/schema";
import { useLabels } from "@/components/admin/shared/labels";
import { bucketLabel, bucketTitle, CHANNELS, channelColor, TOOLTIP_STYLE } from "./format";

export function SendsChart({ series }: { series: DashboardJson["series"] }) {
  const t = useTranslations("dashboard");
  const locale = useLocale();
  const labels = useLabels();
  const total = series.buckets.reduce((s, b) => s + CHANNELS.reduce((t, c) => t + b[c], 0), 0);
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="sr-only">{t("chartCaption", { unit: series.unit, total })}</figcaption>
      <div className="h-64 w-full text-slate-500 dark:text-slate-400">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series.buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} vertical={false} />
            <XAxis
              dataKey="start"
              tickFormatter={(start: string) => bucketLabel(start, locale)}
              tick={{ fill: "currentColor", fontSize: 12 }}
              stroke="currentColor"
              strokeOpacity={0.4}
              minTickGap={12}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: "currentColor", fontSize: 12 }}
              stroke="currentColor"
              strokeOpacity={0.4}
            />
            <Tooltip
              labelFormatter={(label) => bucketTitle(String(label), locale)}
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              contentStyle={TOOLTIP_STYLE}
            />
            {/* In channel order, not alphabetical. */}
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {CHANNELS.map((c) => (
              <Bar key={c} dataKey={c} name={labels.channel(c)} stackId="sends" fill={channelColor[c]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
