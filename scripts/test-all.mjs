// The README's test command (`pnpm run test:all`): builds every package, then runs every package's
// tests (turbo) and type-checks the whole workspace in one tsc program (tsconfig.json) side by side.
// One program instead of one per package pays for the lib and dependency types once. Everything runs
// even when an earlier part fails; the exit code is non-zero when any part failed.
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pnpm = join(root, "scripts/pnpm.sh");

function run(label, command, args) {
  const start = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", (error) => {
      console.error(`${label}: ${error.message}`);
      done(1);
    });
    child.on("exit", (code, signal) => {
      console.log(`[test:all] ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
      if (code !== 0) console.error(`${label} failed (${signal ?? `exit ${code}`})`);
      done(code ?? 1);
    });
  });
}

const build = await run("build", "bash", [pnpm, "exec", "turbo", "run", "build", "--continue", "--output-logs=errors-only"]);
const tsc = join(root, "node_modules/typescript/bin/tsc");
// HUB_CI_CHECKS=1 (set by .ci/run): the CI checks that only read the built tree (.ci/checks) run
// beside the tests too, where the tests leave a core idle while they wait on servers and timers.
const ciChecks = process.env.HUB_CI_CHECKS === "1";
const results = await Promise.all([
  run("tests", "bash", [pnpm, "exec", "turbo", "run", "test", "--continue", "--output-logs=errors-only"]),
  run("type check", process.execPath, [tsc, "-p", "tsconfig.json"]),
  ...(ciChecks ? [run("CI checks", "bash", [join(root, ".ci/checks")])] : []),
]);
process.exit(build || results.some((code) => code !== 0) ? 1 : 0);
