// Project rules that the type checker does not see (design.md, "Style"):
// - no default exports in library sources;
// - a JSDoc comment on every exported function, class, constant, interface and type;
// - no `.only` / `.skip` left in tests.
// usage: node scripts/lint.mjs [package folder...]  (default: every package and app)
import fg from "fast-glob";
import { readFileSync } from "node:fs";

const roots = process.argv.slice(2);
const patterns = (roots.length ? roots : ["packages/*", "apps/*"]).map((root) => `${root}/src/**/*.ts`);
const files = await fg(patterns, { ignore: ["**/node_modules/**", "**/dist/**"] });
const problems = [];
for (const file of files.sort()) {
  const lines = readFileSync(file, "utf8").split("\n");
  const isTest = /\.test\.ts$/.test(file);
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (isTest) {
      if (/\b(it|test|describe)\.(only|skip)\(/.test(line)) problems.push(`${where}: .only/.skip left in a test`);
      return;
    }
    if (/^export default\b/.test(line)) problems.push(`${where}: default export (export by name)`);
    if (/^export (declare )?(async )?(function\*?|class|const|let|interface|type|enum|abstract class) (?!\{)/.test(line)) {
      let previous = index - 1;
      // Decorators, line comments and the overload signatures above an implementation share its JSDoc.
      while (previous >= 0 && /^\s*(@|\/\/)|^export (async )?function .*;$/.test(lines[previous])) previous--;
      if (previous < 0 || !/\*\/\s*$/.test(lines[previous])) problems.push(`${where}: exported without a JSDoc comment`);
    }
  });
}
for (const problem of problems) console.log(problem);
console.log(`lint: ${files.length} files, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
