// Helpers shared by the benchmark scripts: the local Hub server as a child process, node child runs,
// random test files, medians and Linux /proc readings. One copy of each, so the scripts measure alike.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { shapingFromEnv, startHttpsProxy } from "./https-proxy.mjs";

const SERVER_CLI = fileURLToPath(new URL("../apps/server/dist/cli.js", import.meta.url));
const BLOCK = 4 * 1024 * 1024;

/** Node flags from the environment variable `name`, split on spaces (e.g. BENCH_NODE_ARGS="--cpu-prof"). */
export const nodeArgs = (name) => (process.env[name] ?? "").split(" ").filter(Boolean);

/**
 * Starts apps/server (build it first) on 127.0.0.1, a free port, and resolves with the process and its
 * URL once it prints "listening on http://...". `serverArgs` go to the CLI (e.g. --lfs-redirect),
 * `nodeArgs` to node before it (e.g. --cpu-prof).
 */
export async function startServer(dataDir, seedFile, { serverArgs = [], nodeArgs = [] } = {}) {
  const args = [...nodeArgs, SERVER_CLI, "--host", "127.0.0.1", "--port", "0", "--data", dataDir, "--seed", seedFile, ...serverArgs];
  const server = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let buffered = "";
    let found = false;
    // Keep reading after the line (the pipe must not fill up), but stop keeping the text.
    server.stdout.on("data", (chunk) => {
      if (found) return;
      buffered += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(buffered);
      if (match) {
        found = true;
        resolve(match[1]);
      }
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { server, url };
}

/**
 * The conditions every transfer benchmark runs under: apps/server behind the HTTPS shaping proxy
 * (https-proxy.mjs), 10 ms each way and 400 Mbit/s per connection and direction unless BENCH_DELAY_MS /
 * BENCH_MBIT say otherwise. The proxy starts first, so the server gets its https URL as `--public-url`
 * (LFS hrefs, redirects and pagination links then point at the proxy).
 * BENCH_PLAIN_HTTP=1 skips the proxy (debugging only: the script must say its figures are not results).
 * Resolves with { url (what clients use), serverUrl (plain http, for setup calls that need no TLS),
 * server (the child process), proxy, certFile, env (NODE_EXTRA_CA_CERTS for child clients), conditions
 * (one line describing them), plain, stop() }.
 */
export async function startHubBehindProxy(dataDir, seedFile, { serverArgs = [], nodeArgs = [] } = {}) {
  if (process.env.BENCH_PLAIN_HTTP === "1") {
    const { server, url } = await startServer(dataDir, seedFile, { serverArgs, nodeArgs });
    return {
      url,
      serverUrl: url,
      server,
      proxy: undefined,
      certFile: undefined,
      env: {},
      plain: true,
      conditions: "PLAIN LOOPBACK HTTP (BENCH_PLAIN_HTTP=1): for debugging only, these figures are NOT results",
      stop: () => stopServer(server),
    };
  }
  const { delayMs, mbit } = shapingFromEnv();
  const proxy = await startHttpsProxy({ delayMs, mbit });
  let started;
  try {
    started = await startServer(dataDir, seedFile, { serverArgs: ["--public-url", proxy.url, ...serverArgs], nodeArgs });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  proxy.setUpstream(started.url);
  return {
    url: proxy.url,
    serverUrl: started.url,
    server: started.server,
    proxy,
    certFile: proxy.certFile,
    env: { NODE_EXTRA_CA_CERTS: proxy.certFile },
    plain: false,
    conditions: `HTTPS through bench/https-proxy.mjs: ${delayMs} ms each way, ${mbit} Mbit/s per connection and direction (self-signed cert, node ${process.version})`,
    async stop() {
      try {
        await stopServer(started.server);
      } finally {
        await proxy.close();
      }
    },
  };
}

/** SIGTERM to the server, resolved once it has exited (so its data folder can go). */
export async function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

/** Runs node with `args` (stderr shown, `env` added to ours) and resolves with its stdout; rejects unless it exits 0. */
export function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

/**
 * Writes `size` random bytes to `path` in 4 MiB pieces. `reuseBlock`: one random block for the whole
 * file, its first 4 bytes stamped with the block number so no two blocks are equal (much cheaper for
 * GiB files). `sha256`: hash the bytes on the way and resolve with the hex digest.
 */
export async function writeRandomFile(path, size, { reuseBlock = false, sha256 = false } = {}) {
  const hash = sha256 ? createHash("sha256") : undefined;
  const stream = createWriteStream(path);
  const block = reuseBlock ? randomBytes(BLOCK) : undefined;
  for (let written = 0; written < size; written += BLOCK) {
    let piece;
    if (block) {
      block.writeUInt32LE(written / BLOCK, 0);
      piece = block.subarray(0, Math.min(BLOCK, size - written));
    } else {
      piece = randomBytes(Math.min(BLOCK, size - written));
    }
    hash?.update(piece);
    // A 4 MiB write is above the stream's buffer mark, so we wait for "drain" before the next stamp
    // changes the reused block.
    if (!stream.write(piece)) await new Promise((resolve) => stream.once("drain", resolve));
  }
  await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
  return hash?.digest("hex");
}

/**
 * The median of `items`, ordered by `by` (default: the items are numbers). For an even count, `even`
 * takes the "lower" or "upper" of the two middle items, or their "mean" (numbers only): the scripts
 * differ there, and each keeps the figure it has always printed.
 */
export function median(items, { by = (item) => item, even = "mean" } = {}) {
  const sorted = [...items].sort((left, right) => by(left) - by(right));
  const upper = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1 || even === "upper") return sorted[upper];
  if (even === "lower") return sorted[upper - 1];
  return (sorted[upper - 1] + sorted[upper]) / 2;
}

/** CPU seconds a process used so far (Linux /proc). */
export function processCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Share of the last 10 s during which some runnable task waited for a CPU (Linux PSI), in %. */
export function cpuPressure() {
  try {
    return Number(/some avg10=([\d.]+)/.exec(readFileSync("/proc/pressure/cpu", "utf8"))[1]);
  } catch {
    return Number.NaN;
  }
}

/**
 * A live process's peak RSS so far (VmHWM in /proc/<pid>/status), in MiB. For a child measuring
 * itself, use this and not `process.resourceUsage().maxRSS`: Linux carries the parent's peak at
 * spawn time over into a child's `maxRSS` (seen here: 239 MiB reported, 104-142 MiB real).
 */
export function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/**
 * In a benchmark's child process: runs `operation` and prints one `RESULT {json}` line with its wall
 * time, the CPU (user + system, all threads) the process spent during it, the process's peak RSS
 * (VmHWM) and whatever object `operation` resolves with; then exits 0. Do the imports before calling,
 * so module loading is not timed.
 */
export async function reportChildRun(operation) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const extra = await operation();
  const milliseconds = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const result = {
    milliseconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    systemCpuSeconds: cpu.system / 1e6,
    peakRssMiB: peakRssMiB(process.pid),
    ...extra,
  };
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Runs a child (node `args`, `env` added) that ends with reportChildRun, and resolves with its RESULT object. */
export async function runChild(args, env = {}) {
  const output = await run(args, env);
  const match = /^RESULT (.*)$/m.exec(output);
  if (!match) throw new Error(`${args.join(" ")} printed no RESULT line`);
  return JSON.parse(match[1]);
}

/** A number from the environment variable `name`, else `fallback`; throws on anything but a number >= 0. */
export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0 (got ${raw})`);
  return value;
}

const ratio = (ours, official) => (official > 0 ? (ours / official).toFixed(2) : "-");

/**
 * Prints the side-by-side table of a benchmark (markdown, so it can be pasted as is): per row the
 * medians over the runs of wall time, client CPU (user + system) and client peak RSS of ours and of
 * the official client, and the ratios ours/official. `rows`: [{ scenario, ours: [samples], official: [samples] }],
 * samples as printed by reportChildRun.
 */
export function printComparison(rows) {
  const pick = (samples, key) =>
    median(
      samples.map((sample) => sample[key]),
      { even: "lower" },
    );
  console.log("");
  console.log(
    "| scenario | runs | ours s | official s | time ratio | ours CPU s | official CPU s | CPU ratio | ours peak RSS MiB | official peak RSS MiB | RSS ratio |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { scenario, ours, official } of rows) {
    const [ot, ft] = [pick(ours, "milliseconds") / 1000, pick(official, "milliseconds") / 1000];
    const [oc, fc] = [pick(ours, "cpuSeconds"), pick(official, "cpuSeconds")];
    const [or, fr] = [pick(ours, "peakRssMiB"), pick(official, "peakRssMiB")];
    console.log(
      `| ${scenario} | ${Math.min(ours.length, official.length)} | ${ot.toFixed(2)} | ${ft.toFixed(2)} | ${ratio(ot, ft)} | ${oc.toFixed(2)} | ${fc.toFixed(2)} | ${ratio(oc, fc)} | ${or.toFixed(0)} | ${fr.toFixed(0)} | ${ratio(or, fr)} |`,
    );
  }
  console.log("(medians over the runs; a ratio < 1 means ours is faster / uses less)");
}

/** One line per client run: wall time, CPU, peak RSS and the machine's CPU pressure right after it. */
export function describeRun(label, sample) {
  return `${label}: ${(sample.milliseconds / 1000).toFixed(2)} s, CPU ${sample.cpuSeconds.toFixed(2)} s (system ${sample.systemCpuSeconds.toFixed(2)} s), peak RSS ${sample.peakRssMiB.toFixed(0)} MiB, machine CPU pressure ${cpuPressure()}%`;
}
