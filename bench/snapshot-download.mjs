// Benchmark: snapshot download of a repo with 200 small files and one 512 MiB file, from a local
// Hub server in its own process, by @hub/repos and by the official @huggingface/hub client, each in
// its own child process (so every RSS figure is that client's alone). Not part of the tests.
// Usage: node bench/snapshot-download.mjs   (build first: pnpm --filter "@hub/repos..." run build)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SMALL_FILES = 200;
const BIG_SIZE = 512 * 1024 * 1024;
const REPO = "alice/bench-snapshot";
const here = fileURLToPath(import.meta.url);

async function child(kind, env) {
  if (kind === "ours") {
    const { snapshotDownload } = await import("@hub/repos/node");
    return snapshotDownload({ repoId: REPO, accessToken: env.TOKEN, hubUrl: env.HUB_URL, cacheDir: env.CACHE_DIR });
  }
  const { snapshotDownload } = await import("@huggingface/hub");
  return snapshotDownload({ repo: { type: "model", name: REPO }, accessToken: env.TOKEN, hubUrl: env.HUB_URL, cacheDir: env.CACHE_DIR });
}

if (process.argv[2] === "--child") {
  const started = performance.now();
  const folder = await child(process.argv[3], process.env);
  const milliseconds = performance.now() - started;
  process.stdout.write(`\nRESULT ${JSON.stringify({ folder, milliseconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const process_ = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"], ...options });
    let stdout = "";
    process_.stdout.on("data", (chunk) => (stdout += chunk));
    process_.on("error", reject);
    process_.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

async function startServer(dataDir, seedFile) {
  const cli = fileURLToPath(new URL("../apps/server/dist/cli.js", import.meta.url));
  const server = spawn(process.execPath, [cli, "--host", "127.0.0.1", "--port", "0", "--data", dataDir, "--seed", seedFile], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let buffered = "";
    server.stdout.on("data", (chunk) => {
      buffered += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(buffered);
      if (match) resolve(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { server, url };
}

async function writeRandomFile(path, size) {
  const stream = createWriteStream(path);
  for (let written = 0; written < size; written += 4 * 1024 * 1024) {
    if (!stream.write(randomBytes(Math.min(4 * 1024 * 1024, size - written)))) await new Promise((resolve) => stream.once("drain", resolve));
  }
  await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
}

const work = await mkdtemp(join(tmpdir(), "hub-bench-snapshot-"));
const { createSeedFile, TEST_TOKENS } = await import("@hub/server/testing");
const { server, url } = await startServer(join(work, "data"), await createSeedFile(join(work, "seed.json")));
try {
  const token = TEST_TOKENS.alice;
  const { createRepo } = await import("@hub/repos");
  const { uploadFiles } = await import("@huggingface/hub");
  await createRepo({ repoId: REPO, accessToken: token, hubUrl: url });
  const bigPath = join(work, "big.bin");
  await writeRandomFile(bigPath, BIG_SIZE);
  const files = Array.from({ length: SMALL_FILES }, (_, index) => ({ path: `small/file-${index}.txt`, content: new Blob([randomBytes(200 + index)]) }));
  files.push({ path: "weights/big.bin", content: await openAsBlob(bigPath) });
  const seedStart = performance.now();
  await uploadFiles({ repo: { type: "model", name: REPO }, accessToken: token, hubUrl: url, files, useXet: false });
  await rm(bigPath);
  console.log(`seeded ${SMALL_FILES} small files + ${BIG_SIZE / 1024 / 1024} MiB in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const results = { ours: [], official: [] };
  // Alternate the clients so neither always gets the warmer server cache.
  for (const round of [1, 2]) {
    for (const kind of round === 1 ? ["official", "ours"] : ["ours", "official"]) {
      const cacheDir = join(work, `cache-${kind}-${round}`);
      const output = await run(process.execPath, [here, "--child", kind], { env: { ...process.env, HUB_URL: url, TOKEN: token, CACHE_DIR: cacheDir } });
      const result = JSON.parse(/^RESULT (.*)$/m.exec(output)[1]);
      results[kind].push(result);
      console.log(`round ${round} ${kind.padEnd(8)} ${(result.milliseconds / 1000).toFixed(2)} s, peak RSS ${result.maxRssMiB.toFixed(0)} MiB`);
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
  const best = (kind) => Math.min(...results[kind].map((result) => result.milliseconds));
  const peak = (kind) => Math.max(...results[kind].map((result) => result.maxRssMiB));
  console.log(`@hub/repos snapshotDownload:       best ${(best("ours") / 1000).toFixed(2)} s, peak RSS ${peak("ours").toFixed(0)} MiB`);
  console.log(`@huggingface/hub snapshotDownload: best ${(best("official") / 1000).toFixed(2)} s, peak RSS ${peak("official").toFixed(0)} MiB`);
  console.log(`time ratio ours/official: ${(best("ours") / best("official")).toFixed(2)} (target <= 0.5); our RSS target < 150 MB`);
} finally {
  server.kill();
  await rm(work, { recursive: true, force: true });
}
