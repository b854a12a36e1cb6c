// What every fault case prints: one line of figures, which docs/RELIABILITY.md summarises.
export function figures(kase: string, values: Record<string, number | string>): void {
  console.log(`[faults] ${kase} ${JSON.stringify(values)}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
