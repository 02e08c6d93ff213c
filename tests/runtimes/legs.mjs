// The legs of the runtime matrix: each runs the shared scenario (scenario.mjs) in one runtime
// against a Hub server URL and resolves to { ok, steps, totalMs, version, wallMs } or
// { ok: false, error, wallMs }. Node/Bun/Deno run runner.mjs as a child process; workerd runs the
// bundled scenario through miniflare; Chromium through playwright-core (browser.mjs).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runtimeBinaries } from "@hub/runtime-binaries";
import { Miniflare } from "miniflare";
import { findChromium, runInChromium } from "./browser.mjs";
import { bundleEntry } from "./bundle.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const LEG_TIMEOUT = 180_000;

/** Runs `command args... serverUrl runtime` and reads the `RESULT {json}` line it prints. */
function runChild(command, args, { serverUrl, token, runtime }) {
  return new Promise((resolve) => {
    const env = { ...process.env, HUB_RUNTIME_TOKEN: token, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
    execFile(
      command,
      [...args, serverUrl, runtime],
      { cwd: here, env, timeout: LEG_TIMEOUT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((candidate) => candidate.startsWith("RESULT "));
        if (line) resolve(JSON.parse(line.slice("RESULT ".length)));
        else resolve({ ok: false, error: `${error?.message ?? "no RESULT line"}\n${stderr.slice(-2000)}` });
      },
    );
  });
}

async function runWorkerd({ serverUrl, token, runtime }) {
  const script = await bundleEntry("worker-entry.mjs", "worker");
  const miniflare = new Miniflare({ modules: true, script, compatibilityDate: "2026-07-01" });
  try {
    const response = await miniflare.dispatchFetch("http://worker.local/", {
      method: "POST",
      body: JSON.stringify({ serverUrl, token, runtime }),
      signal: AbortSignal.timeout(LEG_TIMEOUT),
    });
    return { version: "workerd (miniflare 4.20260730.0)", ...(await response.json()) };
  } finally {
    await miniflare.dispose();
  }
}

/** Every leg: name, whether it can run here (else why not), and how to run it. */
export function matrixLegs() {
  const binaries = runtimeBinaries();
  const runner = "runner.mjs";
  const child = (name, command, args = [runner]) => ({
    name,
    missing: command ? undefined : `${name} binary not installed`,
    run: (context) => runChild(command, args, { ...context, runtime: name }),
  });
  return [
    child("node20", process.execPath),
    child("node22", binaries.node22),
    child("node24", binaries.node24),
    child("bun", binaries.bun),
    child("deno", binaries.deno, ["run", "--allow-net", "--allow-read", "--allow-env", "--no-lock", "--no-prompt", runner]),
    { name: "workerd", missing: undefined, run: (context) => runWorkerd({ ...context, runtime: "workerd" }) },
    {
      name: "chromium",
      missing: findChromium() ? undefined : "chromium not installed (apt-get install -y chromium)",
      run: (context) => runInChromium({ ...context, runtime: "chromium" }),
    },
  ];
}

/** Runs one leg, catching harness failures, and adds its wall-clock time. */
export async function runLeg(leg, context) {
  const started = performance.now();
  let result;
  try {
    result = await leg.run(context);
  } catch (error) {
    result = { ok: false, error: String(error?.stack ?? error) };
  }
  return { ...result, wallMs: Math.round(performance.now() - started) };
}
