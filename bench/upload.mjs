// Benchmark: uploads by @hub/commits and by the official @huggingface/hub 2.17.5, same inputs, same
// run, over HTTPS through bench/https-proxy.mjs (10 ms each way, 400 Mbit/s per connection and
// direction by default) in front of the local server:
//   (a) upload a folder of 500 files of 4 KiB (text) + one 256 MiB file
//   (b) upload a folder of 2,000 binary files of 4 KiB (each an LFS object)
//   (c) upload one 512 MiB file
// Every upload runs in its own child process (its CPU and peak RSS are that client's alone), on a
// fresh server + proxy, with fresh random content (the server, like the Hub, skips objects it already
// has). After each upload a separate child lists the commit's tree and checks every path, size and hash.
// Prints one line per run and a table of medians with the ratios ours/official. Not part of the tests.
//
// Usage: node bench/upload.mjs      (build first: bash scripts/pnpm.sh --filter "@hub/bench..." run build)
//   BENCH_SCENARIOS=a,b,c  BENCH_RUNS=3  BENCH_CLIENTS=ours,official
//   BENCH_NUM_THREADS=N: our `numThreads` (default: the SDK's own)
//   sizes: BENCH_A_FILES=500 BENCH_A_BIG_MIB=256 BENCH_B_FILES=2000 BENCH_C_MIB=512 BENCH_SMALL_KIB=4
//   BENCH_XET=1: both clients upload through Xet (default: both through LFS, `useXet: false`)
//   BENCH_QUICK=1: small sizes (50 + 16 MiB, 200, 32 MiB) and 1 run, to try the script quickly
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy: debugging only, not results)
//   BENCH_TMP=/dev/shm (where inputs and server data go), BENCH_CLIENT_NODE_ARGS / BENCH_SERVER_NODE_ARGS (e.g. --cpu-prof)
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  describeRun,
  envNumber,
  nodeArgs,
  printComparison,
  reportChildRun,
  runChild,
  startHubBehindProxy,
  writeRandomFile,
} from "./harness.mjs";

const MiB = 1024 * 1024;
const QUICK = process.env.BENCH_QUICK === "1";
/** BENCH_XET=1: both clients upload with Xet (`useXet: true`; the server offers it by default); otherwise both use LFS. */
const XET = process.env.BENCH_XET === "1";
const SMALL_SIZE = envNumber("BENCH_SMALL_KIB", 4) * 1024;
const A_FILES = envNumber("BENCH_A_FILES", QUICK ? 50 : 500);
const A_BIG = envNumber("BENCH_A_BIG_MIB", QUICK ? 16 : 256) * MiB;
const B_FILES = envNumber("BENCH_B_FILES", QUICK ? 200 : 2000);
const C_SIZE = envNumber("BENCH_C_MIB", QUICK ? 32 : 512) * MiB;
const RUNS = envNumber("BENCH_RUNS", QUICK ? 1 : 3);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? "a,b,c").split(",");
const CLIENTS = (process.env.BENCH_CLIENTS ?? "ours,official").split(",");
const here = fileURLToPath(import.meta.url);

const LABELS = {
  a: `(a) upload folder, ${A_FILES} x ${SMALL_SIZE / 1024} KiB + ${A_BIG / MiB} MiB`,
  b: `(b) upload ${B_FILES} x ${SMALL_SIZE / 1024} KiB binary files (LFS)`,
  c: `(c) upload one ${C_SIZE / MiB} MiB file`,
};

/** The upload itself, in the child; `input` is the folder (a, b) or the file (c). */
async function prepareUpload(client, scenario, { HUB_URL: hubUrl, TOKEN: accessToken, REPO: repoId, INPUT: input }) {
  if (client === "ours") {
    const { uploadFile } = await import("@hub/commits");
    const { fileSource, uploadFolder } = await import("@hub/commits/node");
    // BENCH_NUM_THREADS: our `numThreads` (default: the SDK's own).
    const numThreads = process.env.BENCH_NUM_THREADS ? Number(process.env.BENCH_NUM_THREADS) : undefined;
    if (scenario === "c")
      return async () =>
        uploadFile({ repoId, accessToken, hubUrl, numThreads, useXet: XET, file: await fileSource(input), pathInRepo: "big.bin" });
    // LFS against LFS, as the official client is run (the server offers Xet by default).
    return () => uploadFolder({ repoId, accessToken, hubUrl, numThreads, useXet: XET, folderPath: input });
  }
  const { uploadFile, uploadFiles } = await import("@huggingface/hub");
  const repo = { type: "model", name: repoId };
  // The official client's Node way: a file: URL (a folder URL is walked and uploaded with its structure).
  if (scenario === "c")
    return () => uploadFile({ repo, accessToken, hubUrl, useXet: XET, file: { path: "big.bin", content: pathToFileURL(input) } });
  return () => uploadFiles({ repo, accessToken, hubUrl, useXet: XET, files: [{ path: ".", content: pathToFileURL(input) }] });
}

/** Lists the commit's tree (our client) and checks each expected path, size and hash; resolves with counts. */
async function verify({ HUB_URL: hubUrl, TOKEN: accessToken, REPO: repoId, MANIFEST: manifestFile }) {
  const { listRepoTree } = await import("@hub/repos");
  const expected = JSON.parse(await readFile(manifestFile, "utf8"));
  const seen = new Map();
  for await (const entry of listRepoTree({ repoId, accessToken, hubUrl, recursive: true }))
    if (entry.type === "file") seen.set(entry.path, entry);
  let bytes = 0;
  let lfs = 0;
  for (const [path, { size, sha256, gitSha1 }] of Object.entries(expected)) {
    const entry = seen.get(path);
    if (!entry) throw new Error(`verify: ${path} is missing from the commit`);
    if (entry.size !== size) throw new Error(`verify: ${path} has ${entry.size} bytes, expected ${size}`);
    if (entry.lfs ? entry.lfs.sha256 !== sha256 : entry.blobId !== gitSha1)
      throw new Error(`verify: ${path} has other content than uploaded`);
    bytes += size;
    if (entry.lfs) lfs++;
  }
  return { files: Object.keys(expected).length, lfs, bytes };
}

if (process.argv[2] === "--upload") {
  const upload = await prepareUpload(process.argv[3], process.argv[4], process.env);
  await reportChildRun(async () => {
    await upload();
    return {};
  });
}
if (process.argv[2] === "--verify") await reportChildRun(() => verify(process.env));

/** Writes the fresh input of `scenario` under `dir`; resolves with { input, manifest: { path: { size, sha256, gitSha1 } } }. */
async function makeInput(scenario, dir) {
  const manifest = {};
  const small = async (path, kind) => {
    let bytes = randomBytes(kind === "binary" ? SMALL_SIZE : SMALL_SIZE / 2);
    if (kind === "binary")
      bytes[0] = 0; // a NUL in the first 512 bytes: binary for the Hub, so LFS
    else bytes = Buffer.from(bytes.toString("hex"));
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
    const gitSha1 = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    manifest[path] = { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), gitSha1 };
  };
  if (scenario === "a") {
    for (let index = 0; index < A_FILES; index++) await small(`docs/part-${Math.floor(index / 100)}/file-${index}.txt`, "text");
    await mkdir(join(dir, "weights"), { recursive: true });
    manifest["weights/big.bin"] = { size: A_BIG, sha256: await writeRandomFile(join(dir, "weights/big.bin"), A_BIG, { sha256: true }) };
    return { input: dir, manifest };
  }
  if (scenario === "b") {
    for (let index = 0; index < B_FILES; index++) await small(`shard-${Math.floor(index / 100)}/file-${index}.bin`, "binary");
    return { input: dir, manifest };
  }
  await mkdir(dir, { recursive: true });
  manifest["big.bin"] = { size: C_SIZE, sha256: await writeRandomFile(join(dir, "big.bin"), C_SIZE, { sha256: true }) };
  return { input: join(dir, "big.bin"), manifest };
}

const work = await mkdtemp(join(process.env.BENCH_TMP ?? tmpdir(), "hub-bench-upload-"));
try {
  const { createSeedFile, TEST_TOKENS } = await import("@hub/server/testing");
  const { createRepo } = await import("@hub/repos");
  const seedFile = await createSeedFile(join(work, "seed.json"));
  const token = TEST_TOKENS.alice;
  let conditions;
  const rows = [];
  for (const scenario of SCENARIOS) {
    if (!LABELS[scenario]) throw new Error(`BENCH_SCENARIOS: unknown scenario ${scenario} (a, b or c)`);
    const samples = { ours: [], official: [] };
    for (let run = 0; run < RUNS; run++) {
      // The clients take turns going first, so a drift in the machine's load hits both alike.
      const order = (run % 2 === 0 ? ["official", "ours"] : ["ours", "official"]).filter((client) => CLIENTS.includes(client));
      for (const client of order) {
        const dataDir = join(work, "data");
        const inputDir = join(work, "input");
        const hub = await startHubBehindProxy(dataDir, seedFile, { nodeArgs: nodeArgs("BENCH_SERVER_NODE_ARGS") });
        try {
          if (conditions === undefined) {
            conditions = hub.conditions;
            console.log(`${conditions}; ${RUNS} run(s) per client and scenario`);
          }
          const repo = `alice/upload-${scenario}-${client}-${run}`;
          await createRepo({ repoId: repo, accessToken: token, hubUrl: hub.serverUrl });
          const { input, manifest } = await makeInput(scenario, inputDir);
          const manifestFile = join(work, "manifest.json");
          await writeFile(manifestFile, JSON.stringify(manifest));
          const env = { ...hub.env, HUB_URL: hub.url, TOKEN: token, REPO: repo, INPUT: input, MANIFEST: manifestFile };
          const sample = await runChild([...nodeArgs("BENCH_CLIENT_NODE_ARGS"), here, "--upload", client, scenario], env);
          const checked = await runChild([here, "--verify"], env);
          samples[client].push(sample);
          console.log(
            `  ${scenario} run ${run + 1} ${describeRun(client.padEnd(8), sample)}; verified ${checked.files} files (${checked.lfs} LFS), ${(checked.bytes / MiB).toFixed(1)} MiB`,
          );
        } finally {
          await hub.stop();
          await rm(dataDir, { recursive: true, force: true });
          await rm(inputDir, { recursive: true, force: true });
        }
      }
    }
    rows.push({ scenario: LABELS[scenario], ...samples });
  }
  if (CLIENTS.length === 2) printComparison(rows);
  console.log(conditions);
} finally {
  await rm(work, { recursive: true, force: true });
}
