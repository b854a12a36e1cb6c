"use client";
import { useEffect, useMemo, useState } from "react";

/**
 * The value once it has stopped changing for `ms`: typing fires one request, not one per key.
 * Compared by content (JSON), so a value rebuilt on every render does not restart the wait.
 */
export function useDebounced<T>(value: T, ms = 300): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return useMemo(() => JSON.parse(settled) as T, [settled]);
}
