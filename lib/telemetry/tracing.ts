// Herald's spans, over the OpenTelemetry API alone: with no SDK started (OTEL_EXPORTER_OTLP_ENDPOINT
// unset) every call here is the API's no-op, so untraced deployments pay next to nothing.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import pkg from "../../package.json";

export { SpanKind, SpanStatusCode, type Context, type Span };

export const tracer = () => trace.getTracer("herald", pkg.version);

let started = false;
/** Whether an SDK records spans in this process (the database drivers are wrapped only then). */
export const tracingStarted = () => started;
/** Said by the SDK's starter (lib/telemetry/sdk.ts), which the server loads only when tracing. */
export const setTracingStarted = (on: boolean) => void (started = on);

/** Marks the span failed with the error, as every span here does. */
export function failSpan(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** Runs `fn` in a new active span (a child of the current one) that ends when it settles. */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  opts: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  const parent = opts.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: opts.kind, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      failSpan(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Sets attributes on the current span, if one is recording (ids learnt mid-request). */
export function annotate(attributes: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attributes);
}

/** The current trace as W3C headers (traceparent) to carry in a job; undefined when untraced. */
export function traceCarrier(): Record<string, string> | undefined {
  if (!trace.getActiveSpan()?.isRecording()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** The context a carrier (a job's, a request's headers) continues; the current one without it. */
export function contextFrom(carrier: Record<string, string> | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier) : context.active();
}

/** `span` as the active span of a context, for work that runs under it later. */
export const contextWith = (span: Span, parent: Context = context.active()): Context =>
  trace.setSpan(parent, span);

export const runInContext = <T>(ctx: Context, fn: () => T): T => context.with(ctx, fn);

type TracedJob = { id: string; data: { trace?: Record<string, string> } };

/**
 * A consumer span per job of a batch a worker fetched, each continuing the trace its sender
 * carried; undefined when untraced. `end` closes them, the failed ones marked so.
 */
export function startJobSpans(
  queue: string,
  jobs: readonly TracedJob[],
  attributesOf: (job: TracedJob) => Attributes,
): { contexts: Context[]; end(failed: ReadonlySet<string>): void } | undefined {
  if (!started) return undefined;
  const spans = jobs.map((job) =>
    tracer().startSpan(
      `job ${queue}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          "messaging.system": "pg-boss",
          "messaging.destination.name": queue,
          "messaging.message.id": job.id,
          ...attributesOf(job),
        },
      },
      contextFrom(job.data.trace),
    ),
  );
  return {
    contexts: spans.map((span) => trace.setSpan(context.active(), span)),
    end: (failed) =>
      spans.forEach((span, i) => {
        if (failed.has(jobs[i]!.id)) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }),
  };
}
