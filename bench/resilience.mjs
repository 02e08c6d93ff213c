// Resilience benchmark (issue #16 item 4): a snapshot download, an upload folder and a full
// listModels listing, by @hub/* and by the official @huggingface/hub 2.17.5, through the local server
// behind the HTTPS proxy (10 ms each way, 400 Mbit/s per connection), first without faults (the
// baseline), then with faults injected at BENCH_FAULT_RATE (10%) for each of three seeds.
// Every call runs in its own child process; a call that fails is called again (a user's retry) up
// to BENCH_MAX_ATTEMPTS times; a call still pending after BENCH_ATTEMPT_TIMEOUT_S is killed and
// counted as a hang. After a call succeeds its result is checked: every downloaded file's SHA-256,
// every uploaded path / size / hash (tree listing), the listing's count and unique ids.
// Prints per scenario and client: calls, finished on the first call, finished within the attempts,
// attempts made, median time under faults vs without, bytes verified, errors by class.
//
// Faults come from the server's own switch (`--faults RATE --faults-seed N --faults-stall-ms MS`):
// resets before and during bodies, truncated bodies, stalls, 500/502/503, 429 with Retry-After.
//
// Usage: node bench/resilience.mjs   (build first: bash scripts/pnpm.sh --filter "@hub/bench..." run build)
//   BENCH_FAULT_RATE=0.1 BENCH_SEEDS=1,2,3 BENCH_STALL_MS=35000 BENCH_MAX_ATTEMPTS=3 BENCH_ATTEMPT_TIMEOUT_S=180
//   BENCH_SCENARIOS=snapshot,upload,list BENCH_CLIENTS=ours,official BENCH_LIST_RUNS=10 (listings per seed)
//   sizes: BENCH_R_SMALL_FILES=100 BENCH_R_BIG_MIB=64 (snapshot) BENCH_R_UP_FILES=100 BENCH_R_UP_BIG_MIB=32 (upload) BENCH_R_MODELS=3000 (listing)
//   BENCH_QUICK=1: small sizes, 2 listings per seed, 5 s stalls
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy; not results)
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { envNumber, median, reportChildRun, runChild, startHubBehindProxy, writeRandomFile } from "./harness.mjs";

const MiB = 1024 * 1024;
const QUICK = process.env.BENCH_QUICK === "1";
const RATE = envNumber("BENCH_FAULT_RATE", 0.1);
const SEEDS = (process.env.BENCH_SEEDS ?? "1,2,3").split(",").map(Number);
const STALL_MS = envNumber("BENCH_STALL_MS", QUICK ? 5000 : 35_000);
const MAX_ATTEMPTS = envNumber("BENCH_MAX_ATTEMPTS", 3);
const ATTEMPT_TIMEOUT_MS = envNumber("BENCH_ATTEMPT_TIMEOUT_S", 180) * 1000;
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? "snapshot,upload,list").split(",");
const CLIENTS = (process.env.BENCH_CLIENTS ?? "ours,official").split(",");
const LIST_RUNS = envNumber("BENCH_LIST_RUNS", QUICK ? 2 : 10);
const SMALL_FILES = envNumber("BENCH_R_SMALL_FILES", QUICK ? 20 : 100);
const BIG_SIZE = envNumber("BENCH_R_BIG_MIB", QUICK ? 8 : 64) * MiB;
const UP_FILES = envNumber("BENCH_R_UP_FILES", QUICK ? 20 : 100);
const UP_BIG = envNumber("BENCH_R_UP_BIG_MIB", QUICK ? 8 : 32) * MiB;
const MODELS = envNumber("BENCH_R_MODELS", QUICK ? 500 : 3000);
const SNAPSHOT_REPO = "alice/resilience-snapshot";
const LIST_OWNER = "acme";
const here = fileURLToPath(import.meta.url);

/** The error's class as users see it: our class names, or the official client's Error / TypeError with undici's code. */
function errorClass(error) {
  if (typeof error !== "object" || error === null) return `${typeof error} (not an Error)`;
  const name = error.constructor?.name ?? "Object";
  const code = error?.cause?.code ?? error?.code;
  return code ? `${name} (${code})` : name;
}

/** One call in the child: resolves with what the parent checks. */
async function prepareCall(client, scenario, env) {
  const { HUB_URL: hubUrl, TOKEN: accessToken } = env;
  if (client === "ours") {
    if (scenario === "snapshot") {
      const { snapshotDownload } = await import("@hub/repos/node");
      return async () => ({ folder: await snapshotDownload({ repoId: SNAPSHOT_REPO, accessToken, hubUrl, cacheDir: env.CACHE_DIR }) });
    }
    if (scenario === "upload") {
      const { uploadFolder } = await import("@hub/commits/node");
      return async () => (await uploadFolder({ repoId: env.REPO, accessToken, hubUrl, useXet: false, folderPath: env.INPUT }), {});
    }
    const { listModels } = await import("@hub/search");
    return async () => countIds(listModels({ hubUrl, author: LIST_OWNER }));
  }
  const official = await import("@huggingface/hub");
  if (scenario === "snapshot") {
    return async () => ({
      folder: await official.snapshotDownload({
        repo: { type: "model", name: SNAPSHOT_REPO },
        accessToken,
        hubUrl,
        cacheDir: env.CACHE_DIR,
      }),
    });
  }
  if (scenario === "upload") {
    return async () => (
      await official.uploadFiles({
        repo: { type: "model", name: env.REPO },
        accessToken,
        hubUrl,
        useXet: false,
        files: [{ path: ".", content: pathToFileURL(env.INPUT) }],
      }),
      {}
    );
  }
  return async () => countIds(official.listModels({ hubUrl, search: { owner: LIST_OWNER } }));
}

async function countIds(iterable) {
  const ids = new Set();
  let items = 0;
  for await (const model of iterable) {
    items++;
    ids.add(model.id ?? model.name);
  }
  return { items, unique: ids.size };
}

if (process.argv[2] === "--call") {
  const call = await prepareCall(process.argv[3], process.argv[4], process.env);
  await reportChildRun(async () => {
    try {
      return { ok: true, ...(await call()) };
    } catch (error) {
      return {
        ok: false,
        errorClass: errorClass(error),
        message: String(error?.message ?? error)
          .split("\n")[0]
          .slice(0, 160),
      };
    }
  });
}

if (process.argv[2] === "--seed-snapshot") {
  const { uploadFolder } = await import("@hub/commits/node");
  await reportChildRun(
    async () => (
      await uploadFolder({
        repoId: SNAPSHOT_REPO,
        accessToken: process.env.TOKEN,
        hubUrl: process.env.HUB_URL,
        folderPath: process.env.INPUT,
      }),
      {}
    ),
  );
}

if (process.argv[2] === "--verify-upload") {
  // Faults may hit the check too: it is retried below.
  const { listRepoTree } = await import("@hub/repos");
  await reportChildRun(async () => {
    const expected = JSON.parse(await readFile(process.env.MANIFEST, "utf8"));
    let lastError;
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        const seen = new Map();
        for await (const entry of listRepoTree({
          repoId: process.env.REPO,
          accessToken: process.env.TOKEN,
          hubUrl: process.env.HUB_URL,
          recursive: true,
        }))
          seen.set(entry.path, entry);
        let bytes = 0;
        for (const [path, { size, sha256, gitSha1 }] of Object.entries(expected)) {
          const entry = seen.get(path);
          if (!entry || entry.size !== size || (entry.lfs ? entry.lfs.sha256 !== sha256 : entry.blobId !== gitSha1))
            return { ok: false, message: `${path} missing or different` };
          bytes += size;
        }
        return { ok: true, bytes };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  });
}

/** Runs one call in a child; kills it after ATTEMPT_TIMEOUT_MS. Resolves with its RESULT, or { ok: false, hang: true }. */
function runCall(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    const started = performance.now();
    const timer = setTimeout(() => child.kill("SIGKILL"), ATTEMPT_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const match = /^RESULT (.*)$/m.exec(stdout);
      if (match) return resolve(JSON.parse(match[1]));
      if (signal === "SIGKILL")
        return resolve({
          ok: false,
          hang: true,
          errorClass: `hang (killed after ${ATTEMPT_TIMEOUT_MS / 1000} s)`,
          milliseconds: performance.now() - started,
        });
      // A crash outside the call's try (an unhandled rejection, say) is the client's failure too.
      const last = stderr.trim().split("\n").filter(Boolean);
      resolve({
        ok: false,
        errorClass: `process exit ${code ?? signal}`,
        message: last.find((line) => /Error/.test(line)) ?? last.at(-1) ?? "",
        milliseconds: performance.now() - started,
      });
    });
  });
}

async function sha256File(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) hash.update(chunk);
  return hash.digest("hex");
}

/** Fresh random files for an upload folder; resolves with the manifest { path: { size, sha256, gitSha1 } }. */
async function writeFolder(dir, count, bigSize) {
  const manifest = {};
  for (let index = 0; index < count; index++) {
    const bytes = Buffer.from(randomBytes(2048).toString("hex"));
    const path = `docs/file-${index}.txt`;
    await mkdir(join(dir, "docs"), { recursive: true });
    await writeFile(join(dir, path), bytes);
    manifest[path] = {
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      gitSha1: createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex"),
    };
  }
  await mkdir(join(dir, "weights"), { recursive: true });
  manifest["weights/big.bin"] = { size: bigSize, sha256: await writeRandomFile(join(dir, "weights/big.bin"), bigSize, { sha256: true }) };
  return manifest;
}

const work = await mkdtemp(join(process.env.BENCH_TMP ?? tmpdir(), "hub-bench-resilience-"));
const { createSeedFile, TEST_TOKENS, STANDARD_SEED } = await import("@hub/server/testing");
const { bulkSeedRepos } = await import("@hub/server");
const token = TEST_TOKENS.alice;
const dataDir = join(work, "data");
const seedFile = await createSeedFile(join(work, "seed.json"));
/** results[scenario][client] = [{ phase, attempts: [result...], ok, bytes }] */
const results = {};
let conditions;
let expectedSnapshot;

try {
  await mkdir(dataDir, { recursive: true });
  if (SCENARIOS.includes("list")) {
    bulkSeedRepos(
      dataDir,
      (function* () {
        for (let index = 0; index < MODELS; index++)
          yield { id: `${LIST_OWNER}/model-${index}`, downloads: index, files: { "README.md": "---\nlicense: mit\n---\n# Model\n" } };
      })(),
      STANDARD_SEED,
    );
  }
  for (const phase of ["baseline", ...SEEDS]) {
    const serverArgs =
      phase === "baseline" ? [] : ["--faults", String(RATE), "--faults-seed", String(phase), "--faults-stall-ms", String(STALL_MS)];
    const hub = await startHubBehindProxy(dataDir, seedFile, { serverArgs });
    try {
      if (conditions === undefined) {
        conditions = `${hub.conditions}; faults: ${RATE * 100}% of requests, seeds ${SEEDS.join(", ")}, injected by the server (stalls ${STALL_MS / 1000} s); up to ${MAX_ATTEMPTS} calls, each killed after ${ATTEMPT_TIMEOUT_MS / 1000} s`;
        console.log(conditions);
      }
      const env = { ...hub.env, HUB_URL: hub.url, TOKEN: token };
      if (phase === "baseline" && SCENARIOS.includes("snapshot")) {
        const input = join(work, "snapshot-input");
        expectedSnapshot = await writeFolder(input, SMALL_FILES, BIG_SIZE);
        const { createRepo } = await import("@hub/repos");
        await createRepo({ repoId: SNAPSHOT_REPO, accessToken: token, hubUrl: hub.serverUrl });
        await runChild([here, "--seed-snapshot"], { ...env, INPUT: input });
        await rm(input, { recursive: true, force: true });
      }
      for (const scenario of SCENARIOS) {
        results[scenario] ??= {};
        const runs = scenario === "list" ? (phase === "baseline" ? 1 : LIST_RUNS) : 1;
        for (let run = 0; run < runs; run++) {
          for (const client of CLIENTS) {
            const record = { phase, attempts: [], ok: false, bytes: 0, models: 0 };
            (results[scenario][client] ??= []).push(record);
            const callEnv = { ...env };
            let manifestFile;
            if (scenario === "upload") {
              // A fresh repo and fresh content per call (the same content for the retries of that call).
              callEnv.REPO = `alice/resilience-upload-${client}-${phase}-${run}`;
              callEnv.INPUT = join(work, "upload-input");
              await rm(callEnv.INPUT, { recursive: true, force: true });
              manifestFile = join(work, "manifest.json");
              await writeFile(manifestFile, JSON.stringify(await writeFolder(callEnv.INPUT, UP_FILES, UP_BIG)));
              await setupCall(() =>
                import("@hub/repos").then(({ createRepo }) =>
                  createRepo({ repoId: callEnv.REPO, accessToken: token, hubUrl: hub.serverUrl }),
                ),
              );
            }
            for (let attempt = 1; attempt <= MAX_ATTEMPTS && !record.ok; attempt++) {
              if (scenario === "snapshot") callEnv.CACHE_DIR = join(work, `cache-${client}`); // kept across the retries of one call, as a user's cache is
              const result = await runCall([here, "--call", client, scenario], callEnv);
              record.attempts.push(result);
              if (!result.ok) continue;
              const check = await verifyCall(scenario, result, { ...callEnv, HUB_URL: hub.url, MANIFEST: manifestFile });
              record.ok = check.ok;
              record.bytes = check.bytes ?? 0;
              record.models = check.models ?? 0;
              if (!check.ok) result.errorClass = `wrong result: ${check.message}`;
            }
            const last = record.attempts.at(-1);
            console.log(
              `  ${String(phase).padEnd(8)} ${scenario.padEnd(8)} ${client.padEnd(8)} ${record.ok ? "ok  " : "FAIL"} after ${record.attempts.length} call(s), ` +
                `${(record.attempts.reduce((sum, item) => sum + item.milliseconds, 0) / 1000).toFixed(1)} s` +
                `${record.attempts
                  .filter((item) => !item.ok)
                  .map((item) => `; ${item.errorClass}${item.message ? `: ${item.message}` : ""}`)
                  .join("")}${last.ok ? "" : ""}`,
            );
            if (scenario === "snapshot") await rm(join(work, `cache-${client}`), { recursive: true, force: true });
          }
        }
      }
    } finally {
      await hub.stop();
    }
  }
  printTable();
  console.log(conditions);
} finally {
  await rm(work, { recursive: true, force: true });
}

/** A setup call (not measured) made until it succeeds: with server faults, setup requests meet faults too. */
async function setupCall(call) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}

/** Checks a successful call's result; resolves with { ok, bytes, message }. */
async function verifyCall(scenario, result, env) {
  if (scenario === "snapshot") {
    let bytes = 0;
    for (const [path, { size, sha256 }] of Object.entries(expectedSnapshot)) {
      let actual;
      try {
        actual = await sha256File(join(result.folder, path));
      } catch {
        return { ok: false, bytes, message: `${path} missing` };
      }
      if (actual !== sha256) return { ok: false, bytes, message: `${path} has other bytes` };
      bytes += size;
    }
    return { ok: true, bytes };
  }
  if (scenario === "upload") {
    const check = await runChild([here, "--verify-upload"], env);
    return { ok: check.ok, bytes: check.bytes ?? 0, message: check.message };
  }
  const ok = result.items === MODELS && result.unique === MODELS;
  return {
    ok,
    models: ok ? MODELS : 0,
    message: ok ? undefined : `listed ${result.items} models (${result.unique} unique), expected ${MODELS}`,
  };
}

function printTable() {
  console.log("");
  console.log(
    "| scenario | client | calls | finished on 1st call | finished within " +
      MAX_ATTEMPTS +
      " | calls made | median time, faults | median time, no faults | ratio | verified | errors by class |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const scenario of SCENARIOS) {
    for (const client of CLIENTS) {
      const records = results[scenario]?.[client] ?? [];
      const baseline = records.filter((record) => record.phase === "baseline");
      const faulty = records.filter((record) => record.phase !== "baseline");
      const total = (record) => record.attempts.reduce((sum, item) => sum + item.milliseconds, 0) / 1000;
      const finished = faulty.filter((record) => record.ok);
      const faultTime = finished.length ? median(finished.map(total), { even: "lower" }) : Number.NaN;
      const cleanTime = baseline.filter((record) => record.ok).length
        ? median(baseline.filter((record) => record.ok).map(total), { even: "lower" })
        : Number.NaN;
      const errors = {};
      for (const record of faulty)
        for (const attempt of record.attempts) if (!attempt.ok) errors[attempt.errorClass] = (errors[attempt.errorClass] ?? 0) + 1;
      const errorText =
        Object.entries(errors)
          .sort((a, b) => b[1] - a[1])
          .map(([name, count]) => `${name} x${count}`)
          .join(", ") || "none";
      console.log(
        `| ${scenario} | ${client} | ${faulty.length} | ${faulty.filter((record) => record.ok && record.attempts.length === 1).length}/${faulty.length} | ${finished.length}/${faulty.length} | ` +
          `${faulty.reduce((sum, record) => sum + record.attempts.length, 0)} | ${Number.isNaN(faultTime) ? "-" : `${faultTime.toFixed(1)} s`} | ${cleanTime.toFixed(1)} s | ${Number.isNaN(faultTime) ? "-" : (faultTime / cleanTime).toFixed(2)} | ` +
          `${scenario === "list" ? `${faulty.reduce((sum, record) => sum + record.models, 0)} models` : `${(faulty.reduce((sum, record) => sum + record.bytes, 0) / MiB).toFixed(1)} MiB`} | ${errorText} |`,
      );
    }
  }
  console.log(
    `(calls: under faults, over all seeds; a baseline run without faults gives the "no faults" time; the time of a call that needed retries is the sum of its attempts)`,
  );
}
