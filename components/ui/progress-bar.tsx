// A horizontal bar of coloured parts (written, sent, failed…), announced as one progressbar.

export function Bar({ label, parts }: { label: string; parts: { value: number; className: string }[] }) {
  const total = parts.reduce((n, p) => n + p.value, 0) || 1;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={parts[0]?.value ?? 0}
      className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
    >
      {parts.map((p, i) => (
        <div
          key={i}
          className={`${p.className} transition-[width] duration-500`}
          style={{ width: `${(p.value / total) * 100}%` }}
        />
      ))}
    </div>
  );
}
