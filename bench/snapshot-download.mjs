// Benchmark: snapshot download of a repo with 200 small files and one 512 MiB file, by @hub/repos
// and by the official @huggingface/hub 2.17.5, over HTTPS through bench/https-proxy.mjs (10 ms each
// way, 400 Mbit/s per connection and direction by default) in front of the local server. Each
// download runs in its own child process (its CPU and peak RSS are that client's alone) into a fresh
// cache folder; every downloaded file is then checked against the SHA-256 of what was uploaded.
// The repo is seeded with fresh random content at every run of the script. Not part of the tests.
//
// Usage: node bench/snapshot-download.mjs   (build first: bash scripts/pnpm.sh --filter "@hub/bench..." run build)
//   BENCH_ROUNDS=3  BENCH_CLIENTS=ours,official  BENCH_SMALL_FILES=200  BENCH_BIG_MIB=512
//   BENCH_QUICK=1: 50 small files + 32 MiB, 1 round, to try the script quickly
//   BENCH_XET=1 (the seed upload stores the files in Xet: our snapshot rebuilds them from xorbs)
//   BENCH_LFS_REDIRECT=1 (the server answers LFS files with a 302 to signed URLs, as the Hub does)
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy: debugging only, not results)
//   BENCH_TMP=/dev/shm (where the server data and the caches go; default the OS temp folder)
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (node flags of the client processes)
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  describeRun,
  envNumber,
  nodeArgs,
  printComparison,
  processCpuSeconds,
  reportChildRun,
  runChild,
  startHubBehindProxy,
  writeRandomFile,
} from "./harness.mjs";

const MiB = 1024 * 1024;
const QUICK = process.env.BENCH_QUICK === "1";
const SMALL_FILES = envNumber("BENCH_SMALL_FILES", QUICK ? 50 : 200);
const BIG_SIZE = envNumber("BENCH_BIG_MIB", QUICK ? 32 : 512) * MiB;
const ROUNDS = envNumber("BENCH_ROUNDS", QUICK ? 1 : 3);
const LFS_REDIRECT = process.env.BENCH_LFS_REDIRECT === "1";
const CLIENTS = (process.env.BENCH_CLIENTS ?? "ours,official").split(",");
const REPO = "alice/bench-snapshot";
const here = fileURLToPath(import.meta.url);

if (process.argv[2] === "--seed") {
  // Seeding goes through the proxy too (the LFS hrefs point at it), so it runs in a child that trusts the certificate.
  const { uploadFiles } = await import("@huggingface/hub");
  await reportChildRun(async () => {
    await uploadFiles({
      repo: { type: "model", name: REPO },
      accessToken: process.env.TOKEN,
      hubUrl: process.env.HUB_URL,
      // BENCH_XET=1: the repo's files are stored in Xet, so the snapshot is rebuilt from xorbs (ours) or read through the bridge.
      useXet: process.env.BENCH_XET === "1",
      files: [{ path: ".", content: pathToFileURL(process.env.INPUT) }],
    });
    return {};
  });
}

if (process.argv[2] === "--child") {
  const { HUB_URL: hubUrl, TOKEN: accessToken, CACHE_DIR: cacheDir } = process.env;
  if (process.argv[3] === "ours") {
    const { snapshotDownload } = await import("@hub/repos/node");
    await reportChildRun(async () => ({ folder: await snapshotDownload({ repoId: REPO, accessToken, hubUrl, cacheDir }) }));
  }
  const { snapshotDownload } = await import("@huggingface/hub");
  await reportChildRun(async () => ({
    folder: await snapshotDownload({ repo: { type: "model", name: REPO }, accessToken, hubUrl, cacheDir }),
  }));
}

async function sha256File(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) hash.update(chunk);
  return hash.digest("hex");
}

const work = await mkdtemp(join(process.env.BENCH_TMP ?? tmpdir(), "hub-bench-snapshot-"));
const { createSeedFile, TEST_TOKENS } = await import("@hub/server/testing");
const hub = await startHubBehindProxy(join(work, "data"), await createSeedFile(join(work, "seed.json")), {
  serverArgs: LFS_REDIRECT ? ["--lfs-redirect"] : [],
});
try {
  const token = TEST_TOKENS.alice;
  console.log(`${hub.conditions}; ${ROUNDS} round(s)${LFS_REDIRECT ? ", LFS redirects on" : ""}`);
  const { createRepo } = await import("@hub/repos");
  await createRepo({ repoId: REPO, accessToken: token, hubUrl: hub.serverUrl });
  // Fresh random content: small files of 200 + i bytes, and the big file.
  const input = join(work, "input");
  const expected = {};
  await mkdir(join(input, "small"), { recursive: true });
  for (let index = 0; index < SMALL_FILES; index++) {
    const bytes = randomBytes(200 + index);
    await writeFile(join(input, "small", `file-${index}.txt`), bytes);
    expected[`small/file-${index}.txt`] = createHash("sha256").update(bytes).digest("hex");
  }
  await mkdir(join(input, "weights"));
  expected["weights/big.bin"] = await writeRandomFile(join(input, "weights/big.bin"), BIG_SIZE, { sha256: true });
  const seeded = await runChild([here, "--seed"], { ...hub.env, HUB_URL: hub.url, TOKEN: token, INPUT: input });
  await rm(input, { recursive: true, force: true });
  console.log(`seeded ${SMALL_FILES} small files + ${BIG_SIZE / MiB} MiB in ${(seeded.milliseconds / 1000).toFixed(1)} s`);

  const samples = { ours: [], official: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the clients so neither always gets the warmer server cache or the quieter moment.
    for (const client of (round % 2 === 1 ? ["official", "ours"] : ["ours", "official"]).filter((name) => CLIENTS.includes(name))) {
      const cacheDir = join(work, `cache-${client}-${round}`);
      const serverBefore = processCpuSeconds(hub.server.pid);
      const sample = await runChild([...nodeArgs("BENCH_NODE_ARGS"), here, "--child", client], {
        ...hub.env,
        HUB_URL: hub.url,
        TOKEN: token,
        CACHE_DIR: cacheDir,
      });
      const serverCpu = processCpuSeconds(hub.server.pid) - serverBefore;
      let bytes = 0;
      for (const [path, sha256] of Object.entries(expected)) {
        if ((await sha256File(join(sample.folder, path))) !== sha256) throw new Error(`${client}: ${path} differs from what was uploaded`);
        bytes += path === "weights/big.bin" ? BIG_SIZE : 200 + Number(/(\d+)\.txt$/.exec(path)[1]);
      }
      samples[client].push(sample);
      console.log(
        `  round ${round} ${describeRun(client.padEnd(8), sample)}, server CPU ${serverCpu.toFixed(2)} s; verified ${Object.keys(expected).length} files, ${(bytes / MiB).toFixed(1)} MiB`,
      );
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
  if (CLIENTS.length === 2)
    printComparison([{ scenario: `snapshot download, ${SMALL_FILES} small files + ${BIG_SIZE / MiB} MiB`, ...samples }]);
  console.log(hub.conditions);
} finally {
  await hub.stop();
  await rm(work, { recursive: true, force: true });
}
