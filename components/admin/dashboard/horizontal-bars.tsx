"use client";
// A horizontal bar chart for ranked figures (success rates, failure reasons), with the figures also
// given as a list for screen readers.
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TOOLTIP_STYLE } from "./format";

export type BarDatum = { label: string; value: number; color: string; detail: string };

export function HorizontalBars({
  data,
  max,
  format,
  title,
}: {
  data: BarDatum[];
  /** The axis end (1 for rates); the largest value when omitted. */
  max?: number;
  format: (value: number) => string;
  title: string;
}) {
  return (
    <figure>
      <figcaption className="sr-only">{title}</figcaption>
      <div className="w-full text-slate-500 dark:text-slate-400" style={{ height: 24 + data.length * 36 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 56, bottom: 0, left: 0 }}>
            <XAxis type="number" domain={[0, max ?? "dataMax"]} hide />
            <YAxis
              type="category"
              dataKey="label"
              width={132}
              tick={{ fill: "currentColor", fontSize: 12 }}
              stroke="currentColor"
              strokeOpacity={0.4}
            />
            <Tooltip
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              contentStyle={TOOLTIP_STYLE}
              formatter={(_value, _name, item) => [(item.payload as BarDatum).detail, ""]}
              separator=""
            />
            <Bar dataKey="value" isAnimationActive={false} radius={[0, 4, 4, 0]} barSize={18}>
              {data.map((d) => (
                <Cell key={d.label} fill={d.color} />
              ))}
              <LabelList
                dataKey="value"
                position="right"
                formatter={(v) => format(Number(v))}
                style={{ fill: "currentColor", fontSize: 12 }}
              />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="sr-only">
        {data.map((d) => (
          <li key={d.label}>
            {d.label}: {format(d.value)} ({d.detail})
          </li>
        ))}
      </ul>
    </figure>
  );
}
