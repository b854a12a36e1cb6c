"use client";
import { useEffect, useState } from "react";

/** The time, kept current each second while `active`: whether a chosen time is still ahead. */
export function useNow(active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
