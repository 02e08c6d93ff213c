// Benchmark of issue #20 point 4(b): re-uploading a file with a few edits through Xet sends only what
// changed. Over HTTPS through bench/https-proxy.mjs (10 ms each way, 400 Mbit/s per connection and
// direction by default) in front of the local server, with a fresh random file:
//   (1) our full LFS upload of the file (`useXet: false`), on a server of its own
//   (2) our Xet upload of the same file (`useXet: true`), on another fresh server
//   (3) our Xet re-upload, to the same repo and path on that server, of the file with 1% of its bytes
//       changed in 10 places (10 random runs of size/1000 bytes, evenly spread)
// Each upload runs in its own child process (wall time, CPU, peak RSS). The bytes on the wire are what
// the client sent through the proxy (TLS included), from the proxy's counters. Prints the ratios the issue
// sets: time(3)/time(1) (target <= 0.2) and bytes(3)/size (target <= 5%). Every commit is checked (size
// and SHA-256 of the file in the repo). Not part of the tests.
//
// Usage: node bench/xet-reupload.mjs     (build first: bash scripts/pnpm.sh --filter "@hub/bench..." run build)
//   BENCH_REUPLOAD_MIB=512   size of the file
//   BENCH_OFFICIAL=1         also the official client (@huggingface/hub, useXet: true) doing (2) and (3), on a third server
//   BENCH_QUICK=1            a 32 MiB file, to try the script quickly
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy: debugging only, not results)
//   BENCH_TMP=/dev/shm (where inputs and server data go), BENCH_CLIENT_NODE_ARGS / BENCH_SERVER_NODE_ARGS (e.g. --cpu-prof)
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdtemp, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeRun, envNumber, nodeArgs, reportChildRun, runChild, startHubBehindProxy, writeRandomFile } from "./harness.mjs";

const MiB = 1024 * 1024;
const QUICK = process.env.BENCH_QUICK === "1";
const SIZE = envNumber("BENCH_REUPLOAD_MIB", QUICK ? 32 : 512) * MiB;
const OFFICIAL = process.env.BENCH_OFFICIAL === "1";
/** Places edited, and the share of the file's bytes they change together. */
const EDITS = 10;
const CHANGED_SHARE = 0.01;
const here = fileURLToPath(import.meta.url);

/** In the child: one upload of INPUT to REPO as big.bin, by CLIENT, through Xet or not (XET=1). */
async function prepareUpload({ CLIENT: client, XET: xet, HUB_URL: hubUrl, TOKEN: accessToken, REPO: repoId, INPUT: input }) {
  const useXet = xet === "1";
  if (client === "ours") {
    const { uploadFile } = await import("@hub/commits");
    const { fileSource } = await import("@hub/commits/node");
    return async () => uploadFile({ repoId, accessToken, hubUrl, useXet, file: await fileSource(input), pathInRepo: "big.bin" });
  }
  const { uploadFile } = await import("@huggingface/hub");
  const repo = { type: "model", name: repoId };
  return () => uploadFile({ repo, accessToken, hubUrl, useXet, file: { path: "big.bin", content: pathToFileURL(input) } });
}

if (process.argv[2] === "--upload") {
  const upload = await prepareUpload(process.env);
  await reportChildRun(async () => {
    await upload();
    return {};
  });
}

/** Overwrites `EDITS` evenly spread runs of the file, `CHANGED_SHARE` of its bytes in all, with random bytes. */
async function editFile(path) {
  const run = Math.floor((SIZE * CHANGED_SHARE) / EDITS);
  const handle = await open(path, "r+");
  try {
    for (let edit = 0; edit < EDITS; edit++) {
      const position = Math.floor(((edit + 0.5) * SIZE) / EDITS) - Math.floor(run / 2);
      await handle.write(randomBytes(run), 0, run, position);
    }
  } finally {
    await handle.close();
  }
  return run * EDITS;
}

async function sha256Of(path) {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/** Checks that big.bin in the repo has the file's size and SHA-256 (asked over plain HTTP: a setup call). */
async function verify(hub, token, repoId, size, sha256) {
  const { listRepoTree } = await import("@hub/repos");
  for await (const entry of listRepoTree({ repoId, accessToken: token, hubUrl: hub.serverUrl }))
    if (entry.path === "big.bin") {
      if (entry.size !== size || entry.lfs?.sha256 !== sha256) throw new Error(`verify: ${repoId}/big.bin is not the file uploaded`);
      return;
    }
  throw new Error(`verify: ${repoId}/big.bin is missing`);
}

async function main() {
  const work = await mkdtemp(join(process.env.BENCH_TMP ?? tmpdir(), "hub-bench-reupload-"));
  const { createSeedFile, TEST_TOKENS } = await import("@hub/server/testing");
  const { createRepo } = await import("@hub/repos");
  const token = TEST_TOKENS.alice;
  try {
    const seedFile = await createSeedFile(join(work, "seed.json"));
    const original = join(work, "original.bin");
    const edited = join(work, "edited.bin");
    console.log(`generating a ${SIZE / MiB} MiB random file and its edited copy...`);
    const originalSha = await writeRandomFile(original, SIZE, { sha256: true });
    await copyFile(original, edited);
    const changed = await editFile(edited);
    const editedSha = await sha256Of(edited);
    console.log(`edited copy: ${changed} bytes (${((100 * changed) / SIZE).toFixed(2)}%) changed in ${EDITS} places`);

    let conditions;
    /** Starts a fresh server + proxy; `steps` run one upload each (in a child) against it. */
    const session = async (name, steps) => {
      const hub = await startHubBehindProxy(join(work, `data-${name}`), seedFile, { nodeArgs: nodeArgs("BENCH_SERVER_NODE_ARGS") });
      try {
        if (!conditions) {
          conditions = hub.conditions;
          console.log(conditions);
        }
        const repo = `alice/reupload-${name}`;
        await createRepo({ repoId: repo, accessToken: token, hubUrl: hub.serverUrl });
        const results = [];
        for (const { label, client, xet, input, sha256 } of steps) {
          const sentBefore = hub.proxy?.stats.bytesIn ?? Number.NaN;
          const env = { ...hub.env, CLIENT: client, XET: xet ? "1" : "0", HUB_URL: hub.url, TOKEN: token, REPO: repo, INPUT: input };
          const sample = await runChild([...nodeArgs("BENCH_CLIENT_NODE_ARGS"), here, "--upload"], env);
          sample.bytesSent = (hub.proxy?.stats.bytesIn ?? Number.NaN) - sentBefore;
          await verify(hub, token, repo, SIZE, sha256);
          console.log(
            `  ${describeRun(label.padEnd(48), sample)}; sent ${(sample.bytesSent / MiB).toFixed(2)} MiB (${((100 * sample.bytesSent) / SIZE).toFixed(2)}% of the file); verified`,
          );
          results.push(sample);
        }
        return results;
      } finally {
        await hub.stop();
        await rm(join(work, `data-${name}`), { recursive: true, force: true });
      }
    };

    const [lfs] = await session("lfs", [
      { label: "(1) ours, LFS upload", client: "ours", xet: false, input: original, sha256: originalSha },
    ]);
    const [xet, reupload] = await session("xet", [
      { label: "(2) ours, Xet upload", client: "ours", xet: true, input: original, sha256: originalSha },
      { label: "(3) ours, Xet re-upload of the edited file", client: "ours", xet: true, input: edited, sha256: editedSha },
    ]);
    const official = OFFICIAL
      ? await session("official", [
          { label: "(2) official, Xet upload", client: "official", xet: true, input: original, sha256: originalSha },
          { label: "(3) official, Xet re-upload of the edited file", client: "official", xet: true, input: edited, sha256: editedSha },
        ])
      : undefined;

    const timeRatio = reupload.milliseconds / lfs.milliseconds;
    const byteShare = reupload.bytesSent / SIZE;
    console.log("");
    console.log(`file: ${SIZE / MiB} MiB; edited: ${((100 * changed) / SIZE).toFixed(2)}% of its bytes in ${EDITS} places`);
    console.log(
      `(3) ours re-upload: ${(reupload.milliseconds / 1000).toFixed(2)} s against (1) ours full LFS upload: ${(lfs.milliseconds / 1000).toFixed(2)} s: ratio ${timeRatio.toFixed(3)} (target <= 0.2: ${timeRatio <= 0.2 ? "met" : "NOT met"})`,
    );
    console.log(
      `(3) ours re-upload sent ${(reupload.bytesSent / MiB).toFixed(2)} MiB = ${(100 * byteShare).toFixed(2)}% of the file (target <= 5%: ${byteShare <= 0.05 ? "met" : "NOT met"})`,
    );
    console.log(`(2) ours Xet upload: ${(xet.milliseconds / 1000).toFixed(2)} s, sent ${(xet.bytesSent / MiB).toFixed(1)} MiB`);
    if (official) {
      const [officialXet, officialReupload] = official;
      console.log(
        `official: (2) ${(officialXet.milliseconds / 1000).toFixed(2)} s; (3) ${(officialReupload.milliseconds / 1000).toFixed(2)} s, sent ${(officialReupload.bytesSent / MiB).toFixed(2)} MiB = ${((100 * officialReupload.bytesSent) / SIZE).toFixed(2)}%; ours/official (3) time ${(reupload.milliseconds / officialReupload.milliseconds).toFixed(2)}`,
      );
    }
    console.log(conditions);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (!process.argv[2]) await main();
