// Import cycles among lib/ modules and among lib/ folders: a module cycle makes load order decide what
// a module sees at start; a folder cycle blurs which layer owns what.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular-lib",
      severity: "error",
      comment: "Modules under lib/ import one another in a cycle: move the shared piece down a level.",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
    {
      // Folders are the layers: vocabulary, crypto, db, http, providers, queue below the domains,
      // the domains below delivery, realtime and the API. A folder cycle means two layers lean on
      // each other, which is where the next module cycle comes from.
      name: "no-circular-lib-folders",
      severity: "error",
      scope: "folder",
      comment: "lib/ folders import one another in a cycle: move the shared piece into the lower folder.",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.test\\.tsx?$", "^node_modules"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
