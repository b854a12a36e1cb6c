// Preloaded into the F8 soak's server (NODE_OPTIONS="--expose-gc --import …"): on SIGUSR2 a full
// garbage collection, then the heap still in use on stderr, so the soak tells memory the server
// keeps from garbage V8 has not collected yet.
process.on("SIGUSR2", () => {
  globalThis.gc();
  const m = process.memoryUsage();
  process.stderr.write(`[gc-probe] ${JSON.stringify(m)}\n`);
});
