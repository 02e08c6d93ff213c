// Sums every workspace's vitest JSON report into the plain closing line CI reads.
// vitest is not a runner CI recognises, so this prints `N passed, N failed, N skipped` and
// exits non-zero when a test failed, a suite failed to load, or no test ran at all.
import fg from "fast-glob";
import { readFileSync } from "node:fs";

const reports = await fg(["{packages,apps,tests,bench}/*/.vitest/*.json"], { dot: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenSuites = 0;
for (const file of reports.sort()) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A file that fails to import, or whose hooks fail (e.g. Node warnings, vitest.warnings.ts), reports
  // a failed suite without a failed test; count each such file as a failure.
  const suiteFailures = (report.testResults ?? []).filter(
    (suite) => suite.status === "failed" && !(suite.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  brokenSuites += suiteFailures;
  const name = file.split("/.vitest/")[0];
  console.log(
    `  ${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed${suiteFailures ? `, ${suiteFailures} files failed outside their tests` : ""}`,
  );
}
failed += brokenSuites;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
