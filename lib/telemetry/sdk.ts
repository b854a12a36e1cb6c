// Starts OpenTelemetry tracing for the process: the OTLP exporter when OTEL_EXPORTER_OTLP_ENDPOINT
// is set (the SDK reads the standard OTEL_* variables itself), off otherwise. Tests pass an exporter.
import { context, propagation, trace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace";

import { setTracingStarted } from "./tracing";

let sdk: NodeSDK | undefined;

export function startTracing(opts: { exporter?: SpanExporter; serviceName?: string } = {}): boolean {
  if (sdk) return true;
  if (!opts.exporter && !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  sdk = new NodeSDK({
    serviceName: opts.serviceName ?? "herald",
    // A test's exporter sees each span as it ends; OTLP gets them in batches.
    spanProcessors: [
      opts.exporter
        ? new SimpleSpanProcessor({ exporter: opts.exporter })
        : new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }),
    ],
    // Herald makes its own spans (request, query, job, provider call): no automatic instrumentation.
    instrumentations: [],
  });
  sdk.start();
  setTracingStarted(true);
  return true;
}

export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  setTracingStarted(false);
  await running?.shutdown();
  // The global tracer, context manager and propagator go too: a later start registers afresh.
  trace.disable();
  context.disable();
  propagation.disable();
}
