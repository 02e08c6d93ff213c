// Checks what would be published, in one process: packs every publishable package once with
// `pnpm pack` (scripts/pack.mjs: workspace ranges rewritten, publishConfig applied), then runs
// publint (strict) and "Are the types wrong?" on each tarball. The per-package `check:pkg` scripts
// do the same for one package at a time; this saves a pack, a publint and a TypeScript start-up per
// package in CI. Exits non-zero when any package has a problem.
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { problemKindInfo } from "@arethetypeswrong/core/problems";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { packAll, tarballName } from "./pack.mjs";

/** Problems the packages accept: ESM-only packages resolve to ESM from CommonJS under node16 (require(esm) on Node >= 20.19). */
const IGNORED_PROBLEMS = new Set(["CJSResolvesToESM"]);

const outDir = mkdtempSync(join(tmpdir(), "hub-check-packages-"));
let failures = 0;
try {
  const packages = await packAll(outDir);
  for (const { manifest } of packages) {
    const tarball = readFileSync(join(outDir, tarballName(manifest)));
    const found = [];
    const lint = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
    });
    for (const message of lint.messages) found.push(`publint ${message.type}: ${formatMessage(message, lint.pkg) ?? message.code}`);
    // A command-line package (a `bin`, nothing to import) has no types to check.
    const entries = typeof manifest.exports === "object" && manifest.exports !== null ? Object.keys(manifest.exports) : [];
    const importable =
      manifest.main !== undefined || typeof manifest.exports === "string" || entries.some((key) => key !== "./package.json");
    const analysis = importable ? await checkPackage(createPackageFromTarballData(new Uint8Array(tarball))) : undefined;
    if (analysis && !analysis.types) found.push("attw: the package ships no types");
    else if (analysis)
      for (const problem of analysis.problems) {
        if (IGNORED_PROBLEMS.has(problem.kind)) continue;
        const where = [problem.entrypoint, problem.resolutionKind].filter(Boolean).join(", ");
        found.push(`attw ${problem.kind}${where ? ` (${where})` : ""}: ${problemKindInfo[problem.kind].description}`);
      }
    failures += found.length;
    console.log(`${found.length ? "✗" : "✓"} ${manifest.name}@${manifest.version}${found.map((line) => `\n    ${line}`).join("")}`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
if (failures) {
  console.error(`check-packages: ${failures} problem(s)`);
  process.exit(1);
}
