"use client";
// One compose at a time: "Compose another" starts a fresh form with a fresh Idempotency-Key.
import { useState } from "react";
import { SendComposer } from "./send-composer";

export function SendPage() {
  const [composeKey, setComposeKey] = useState(() => crypto.randomUUID());
  return (
    <SendComposer
      key={composeKey}
      composeKey={composeKey}
      onReset={() => setComposeKey(crypto.randomUUID())}
    />
  );
}
