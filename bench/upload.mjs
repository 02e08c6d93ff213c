// Benchmark: uploads by @hub/commits and by the official @huggingface/hub client (uploadFiles), on
// the same inputs, in the same run, against a local Hub server spawned as a child process:
//   (a) one 1 GiB file (from disk), (b) 2,000 files of 4 KiB in one commit.
// Every upload runs in its own child process (so its peak RSS is that client's alone) against a
// fresh server (so no client finds the other's objects already stored). Each scenario runs BENCH_RUNS
// times per client, the clients taking turns, and reports every run and the medians. Not part of the tests.
// Usage: [BENCH_SCENARIOS=a,b] [BENCH_RUNS=3] node bench/upload.mjs [--small-kind text|binary]   (build first: pnpm --filter "@hub/commits..." run build)
// Profiling: BENCH_SERVER_NODE_ARGS / BENCH_CLIENT_NODE_ARGS add node flags to the server / client processes
// (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"; NODE_OPTIONS does not accept --cpu-prof).
import { randomBytes } from "node:crypto";
import { openAsBlob } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, nodeArgs, peakRssMiB, run, startServer, stopServer, writeRandomFile } from "./harness.mjs";

const BIG_SIZE = 1024 * 1024 * 1024;
const SMALL_FILES = 2000;
const SMALL_SIZE = 4096;
const REPO = "alice/bench-upload";
const here = fileURLToPath(import.meta.url);

/** The 2,000 small files, generated the same way in every child: text (regular files) or binary (LFS). */
function smallFiles(kind) {
  return Array.from({ length: SMALL_FILES }, (_, index) => {
    const bytes = randomBytes(kind === "binary" ? SMALL_SIZE : SMALL_SIZE / 2);
    const content = kind === "binary" ? bytes : new TextEncoder().encode(bytes.toString("hex"));
    return { path: `shard-${Math.floor(index / 100)}/file-${index}.${kind === "binary" ? "bin" : "txt"}`, content };
  });
}

async function upload(client, scenario, env) {
  const common = { accessToken: env.TOKEN, hubUrl: env.HUB_URL };
  if (client === "ours") {
    const { uploadFile, uploadFiles } = await import("@hub/commits");
    const { fileSource } = await import("@hub/commits/node");
    if (scenario === "a") return uploadFile({ ...common, repoId: REPO, file: await fileSource(env.BIG_FILE), pathInRepo: "weights/big.bin" });
    return uploadFiles({ ...common, repoId: REPO, files: smallFiles(env.SMALL_KIND).map(({ path, content }) => ({ path, content: new Blob([content]) })) });
  }
  const { uploadFiles } = await import("@huggingface/hub");
  const repo = { type: "model", name: REPO };
  if (scenario === "a") return uploadFiles({ ...common, repo, useXet: false, files: [{ path: "weights/big.bin", content: await openAsBlob(env.BIG_FILE) }] });
  return uploadFiles({ ...common, repo, useXet: false, files: smallFiles(env.SMALL_KIND).map(({ path, content }) => ({ path, content: new Blob([content]) })) });
}

if (process.argv[2] === "--child") {
  const started = performance.now();
  await upload(process.argv[3], process.argv[4], process.env);
  const milliseconds = performance.now() - started;
  process.stdout.write(`\nRESULT ${JSON.stringify({ milliseconds, maxRssMiB: peakRssMiB(process.pid) })}\n`);
  process.exit(0);
}

const seconds = (sample) => (sample.milliseconds / 1000).toFixed(2);
const maxRss = (samples) => Math.max(...samples.map((sample) => sample.maxRssMiB)).toFixed(0);

/** One upload on a fresh server: create the repo, run the client in a child, stop the server. */
async function measure(work, seedFile, client, scenario, env) {
  const dataDir = join(work, `data-${client}-${scenario}`);
  const { server, url } = await startServer(dataDir, seedFile, { nodeArgs: nodeArgs("BENCH_SERVER_NODE_ARGS") });
  try {
    const { createRepo } = await import("@hub/repos");
    await createRepo({ repoId: REPO, accessToken: env.TOKEN, hubUrl: url });
    const output = await run([...nodeArgs("BENCH_CLIENT_NODE_ARGS"), here, "--child", client, scenario], { ...env, HUB_URL: url });
    return JSON.parse(/RESULT (.*)/.exec(output)[1]);
  } finally {
    await stopServer(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const kindFlag = process.argv.indexOf("--small-kind");
const smallKind = kindFlag === -1 ? "text" : process.argv[kindFlag + 1];
const work = await mkdtemp(join(tmpdir(), "hub-bench-upload-"));
try {
  const { createSeedFile, TEST_TOKENS } = await import("@hub/server/testing");
  const seedFile = await createSeedFile(join(work, "seed.json"));
  const bigFile = join(work, "big.bin");
  await writeRandomFile(bigFile, BIG_SIZE);
  const env = { TOKEN: TEST_TOKENS.alice, BIG_FILE: bigFile, SMALL_KIND: smallKind };
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const scenarios = (process.env.BENCH_SCENARIOS ?? "a,b").split(",");
  console.log(`node ${process.version}, small files: ${smallKind}, ${runs} run(s) per client and scenario`);
  for (const scenario of scenarios) {
    const samples = { official: [], ours: [] };
    for (let run = 0; run < runs; run++) {
      // The two clients take turns going first, so that a drift in the machine's load hits both alike.
      const order = run % 2 === 0 ? ["official", "ours"] : ["ours", "official"];
      for (const client of order) samples[client].push(await measure(work, seedFile, client, scenario, env));
      const [official, ours] = [samples.official.at(-1), samples.ours.at(-1)];
      console.log(`  (${scenario}) run ${run + 1}: official ${seconds(official)} s, @hub/commits ${seconds(ours)} s, ratio ${(ours.milliseconds / official.milliseconds).toFixed(2)}`);
    }
    // The middle run, or the faster of the two middle ones.
    const official = median(samples.official, { by: (sample) => sample.milliseconds, even: "lower" });
    const ours = median(samples.ours, { by: (sample) => sample.milliseconds, even: "lower" });
    const label = scenario === "a" ? "(a) one 1 GiB file" : `(b) ${SMALL_FILES} files of 4 KiB`;
    console.log(
      `${label}, medians: official ${seconds(official)} s (peak RSS ${maxRss(samples.official)} MiB), ` +
        `@hub/commits ${seconds(ours)} s (peak RSS ${maxRss(samples.ours)} MiB), ratio ${(ours.milliseconds / official.milliseconds).toFixed(2)} (target <= ${scenario === "a" ? 0.7 : 0.5})`,
    );
    if (scenario === "a") console.log(`(a) our peak RSS ${maxRss(samples.ours)} MiB (target < 200 MiB)`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
