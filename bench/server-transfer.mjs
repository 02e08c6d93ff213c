// Uploads and downloads a 1 GiB file through @hub/server (LFS batch + multipart + resolve) with plain
// fetch calls, over HTTPS through bench/https-proxy.mjs (10 ms each way, 400 Mbit/s per connection and
// direction by default), and prints throughput and the server process's peak RSS. The transfers run in
// a child process that trusts the proxy's certificate. Run after building apps/server:
//   node bench/server-transfer.mjs [--size-mib 1024] [--concurrency 4]
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy: debugging only, not results)
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { peakRssMiB, reportChildRun, runChild, startHubBehindProxy, writeRandomFile } from "./harness.mjs";

const { values } = parseArgs({
  options: {
    "size-mib": { type: "string", default: "1024" },
    concurrency: { type: "string", default: "4" },
    child: { type: "boolean", default: false },
  },
});
const SIZE = Number(values["size-mib"]) * 1024 * 1024;
const CONCURRENCY = Number(values.concurrency);
const TOKEN = "hf_bench_write_token_0123456789abcdef";
const MB = 1e6;

async function check(response, what) {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** In the child: batch, parts, completion, commit, then the download; resolves with the timings. */
async function transfer({ HUB_URL: url, FILE: filePath, OID: oid }) {
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const uploadStart = performance.now();
  const batch = await (
    await check(
      await fetch(`${url}/bench/bench.git/info/lfs/objects/batch`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/vnd.git-lfs+json" },
        body: JSON.stringify({
          operation: "upload",
          transfers: ["basic", "multipart"],
          hash_algo: "sha256",
          ref: { name: "main" },
          objects: [{ oid, size: SIZE }],
        }),
      }),
      "batch",
    )
  ).json();
  const upload = batch.objects[0].actions.upload;
  const chunkSize = Number(upload.header.chunk_size);
  const parts = Object.keys(upload.header)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b));
  const etags = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < parts.length) {
        const key = parts[next++];
        const start = (Number(key) - 1) * chunkSize;
        const end = Math.min(SIZE, start + chunkSize) - 1;
        const body = Readable.toWeb(createReadStream(filePath, { start, end }));
        const response = await check(
          await fetch(upload.header[key], { method: "PUT", body, duplex: "half", headers: { "Content-Length": String(end - start + 1) } }),
          `part ${key}`,
        );
        etags.push({ partNumber: Number(key), etag: response.headers.get("etag") });
      }
    }),
  );
  const partsDone = performance.now();
  await check(
    await fetch(upload.href, {
      method: "POST",
      headers: { "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ oid, parts: etags.sort((a, b) => a.partNumber - b.partNumber) }),
    }),
    "complete",
  );
  const ndjson = [
    { key: "header", value: { summary: "Add 1 GiB file", description: "" } },
    { key: "lfsFile", value: { path: "payload.bin", algo: "sha256", oid, size: SIZE } },
  ]
    .map((line) => JSON.stringify(line))
    .join("\n");
  await check(
    await fetch(`${url}/api/models/bench/bench/commit/main`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-ndjson" },
      body: ndjson,
    }),
    "commit",
  );
  const uploadEnd = performance.now();

  const downloadStart = performance.now();
  const download = await check(await fetch(`${url}/bench/bench/resolve/main/payload.bin`, { headers: auth }), "download");
  const hash = createHash("sha256");
  let received = 0;
  for await (const chunk of download.body) {
    hash.update(chunk);
    received += chunk.byteLength;
  }
  const downloadEnd = performance.now();
  if (received !== SIZE || hash.digest("hex") !== oid) throw new Error("downloaded bytes differ from the upload");
  return { parts: parts.length, chunkSize, uploadStart, partsDone, uploadEnd, downloadStart, downloadEnd };
}

async function main() {
  const workDir = await mkdtemp(join(tmpdir(), "hub-bench-"));
  const seedFile = join(workDir, "seed.json");
  await writeFile(seedFile, JSON.stringify({ users: [{ name: "bench", tokens: [{ value: TOKEN, role: "write" }] }] }));
  const filePath = join(workDir, "payload.bin");
  console.log(`generating ${SIZE / 1024 / 1024} MiB test file...`);
  // One random block, stamped per 4 MiB, is enough for the server and quick to write; hashed on the way.
  const oid = await writeRandomFile(filePath, SIZE, { reuseBlock: true, sha256: true });
  const hub = await startHubBehindProxy(join(workDir, "data"), seedFile);
  console.log(hub.conditions);
  try {
    await check(
      await fetch(`${hub.serverUrl}/api/repos/create`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "bench", organization: "bench" }),
      }),
      "create",
    );
    const { parts, chunkSize, uploadStart, partsDone, uploadEnd, downloadStart, downloadEnd } = await runChild(
      [fileURLToPath(import.meta.url), "--child", "--size-mib", values["size-mib"], "--concurrency", values.concurrency],
      { ...hub.env, HUB_URL: hub.url, FILE: filePath, OID: oid },
    );
    const seconds = (from, to) => (to - from) / 1000;
    const rate = (bytes, from, to) => (bytes / MB / seconds(from, to)).toFixed(1);
    console.log(
      `file: ${(SIZE / MB).toFixed(0)} MB (${SIZE / 1024 / 1024} MiB), ${parts} parts of ${chunkSize / 1024 / 1024} MiB, ${CONCURRENCY} in parallel`,
    );
    console.log(
      `upload (batch + parts + completion + commit): ${rate(SIZE, uploadStart, uploadEnd)} MB/s in ${seconds(uploadStart, uploadEnd).toFixed(1)} s (parts alone ${rate(SIZE, uploadStart, partsDone)} MB/s)`,
    );
    console.log(
      `download (resolve, one GET, streamed, sha256-checked): ${rate(SIZE, downloadStart, downloadEnd)} MB/s in ${seconds(downloadStart, downloadEnd).toFixed(1)} s`,
    );
    const peak = peakRssMiB(hub.server.pid);
    console.log(`server peak RSS: ${peak.toFixed(1)} MiB ${peak < 200 ? "(< 200 MiB: OK)" : "(>= 200 MiB: FAIL)"}`);
    if (peak >= 200) process.exitCode = 1;
  } finally {
    await hub.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

if (values.child) await reportChildRun(() => transfer(process.env));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
