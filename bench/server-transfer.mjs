// Uploads and downloads a 1 GiB file through @hub/server (LFS batch + multipart + resolve) with plain
// fetch calls, over HTTPS through bench/https-proxy.mjs (10 ms each way, 400 Mbit/s per connection and
// direction by default), and prints throughput and the server process's peak RSS. The transfers run in
// a child process that trusts the proxy's certificate. Run after building apps/server:
//   node bench/server-transfer.mjs [--size-mib 1024] [--concurrency 4] [--xet]
// --xet: the same through the Xet CAS instead of LFS: the child first builds the xorbs and the shard (not
// timed), then POSTs the xorbs (4 in flight), the shard and the commit, and downloads through the LFS bridge
// (`resolve`, rebuilt from the xorbs). Prints the server's ingest MB/s and the CPU the server spent on it.
//   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": node flags of the server
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy: debugging only, not results)
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { nodeArgs, peakRssMiB, processCpuSeconds, reportChildRun, runChild, startHubBehindProxy, writeRandomFile } from "./harness.mjs";

const { values } = parseArgs({
  options: {
    "size-mib": { type: "string", default: "1024" },
    concurrency: { type: "string", default: "4" },
    child: { type: "boolean", default: false },
    xet: { type: "boolean", default: false },
  },
});
const SIZE = Number(values["size-mib"]) * 1024 * 1024;
const CONCURRENCY = Number(values.concurrency);
const XET = values.xet;
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
  await commitLfsPointer(url, auth, oid, "Add 1 GiB file");
  const uploadEnd = performance.now();
  const { downloadStart, downloadEnd } = await downloadAndCheck(url, auth, oid);
  return { parts: parts.length, chunkSize, uploadStart, partsDone, uploadEnd, downloadStart, downloadEnd };
}

/** In the child, with --xet: xorbs and shard built first (untimed), then uploaded, committed and downloaded. */
async function transferXet({ HUB_URL: url, FILE: filePath, OID: oid }) {
  const { readFile } = await import("node:fs/promises");
  const xet = await import("@hub/core/xet");
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const data = new Uint8Array(await readFile(filePath));
  const chunker = new xet.XetChunker();
  const chunks = [...chunker.push(data), ...chunker.finish()];
  const xorbs = [];
  for (let index = 0, bytes = 0, first = 0; index <= chunks.length; index++) {
    const chunk = chunks[index];
    if (index === chunks.length || bytes + chunk.length > xet.XET_MAX_XORB_BYTES || index - first === xet.XET_MAX_XORB_CHUNKS) {
      if (index > first) xorbs.push(xet.serializeXorb(chunks.slice(first, index)));
      first = index;
      bytes = 0;
    }
    if (chunk) bytes += chunk.length;
  }
  const sha = new Uint8Array(createHash("sha256").update(data).digest());
  const shard = xet.serializeShard({
    files: [
      {
        fileHash: xet.xetFileHash(xorbs.flatMap((xorb) => xorb.chunks)),
        sha256: xet.xetHashFromHex(Buffer.from(sha).toString("hex")),
        terms: xorbs.map((xorb) => ({
          xorbHash: xorb.hash,
          rawBytes: xorb.chunks.reduce((total, chunk) => total + chunk.size, 0),
          chunkStart: 0,
          chunkEnd: xorb.chunks.length,
          verification: xet.xetVerificationHash(xorb.chunks.map((chunk) => chunk.hash)),
        })),
      },
    ],
    xorbs: xorbs.map((xorb) => ({
      xorbHash: xorb.hash,
      rawBytes: xorb.chunks.reduce((total, chunk) => total + chunk.size, 0),
      bytesOnDisk: xorb.bytes.length,
      chunks: xorb.chunks.map((chunk) => ({ hash: chunk.hash, rawStart: chunk.rawStart, rawLength: chunk.size, flags: 0 })),
    })),
  });
  const serialized = xorbs.reduce((total, xorb) => total + xorb.bytes.length, 0);
  const token = await (await check(await fetch(`${url}/api/models/bench/bench/xet-write-token/main`, { headers: auth }), "token")).json();
  const cas = { Authorization: `Bearer ${token.accessToken}` };
  const uploadStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < xorbs.length) {
        const xorb = xorbs[next++];
        await check(
          await fetch(`${token.casUrl}/v1/xorbs/default/${xet.xetHashToHex(xorb.hash)}`, {
            method: "POST",
            headers: cas,
            body: xorb.bytes,
          }),
          "xorb",
        );
      }
    }),
  );
  const partsDone = performance.now();
  await check(await fetch(`${token.casUrl}/v1/shards`, { method: "POST", headers: cas, body: shard }), "shard");
  const shardDone = performance.now();
  await commitLfsPointer(url, auth, oid, "Add file through Xet");
  const uploadEnd = performance.now();
  const { downloadStart, downloadEnd } = await downloadAndCheck(url, auth, oid);
  return { parts: xorbs.length, serialized, uploadStart, partsDone, shardDone, uploadEnd, downloadStart, downloadEnd };
}

/** Commits payload.bin as the LFS object `oid` (an NDJSON commit). */
async function commitLfsPointer(url, auth, oid, summary) {
  const ndjson = [
    { key: "header", value: { summary, description: "" } },
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
}

/** Downloads payload.bin through `resolve` (timed) and checks its size and SHA-256. */
async function downloadAndCheck(url, auth, oid) {
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
  return { downloadStart, downloadEnd };
}

async function main() {
  const workDir = await mkdtemp(join(tmpdir(), "hub-bench-"));
  const seedFile = join(workDir, "seed.json");
  await writeFile(seedFile, JSON.stringify({ users: [{ name: "bench", tokens: [{ value: TOKEN, role: "write" }] }] }));
  const filePath = join(workDir, "payload.bin");
  console.log(`generating ${SIZE / 1024 / 1024} MiB test file...`);
  // One random block, stamped per 4 MiB, is enough for the server and quick to write; hashed on the way.
  const oid = await writeRandomFile(filePath, SIZE, { reuseBlock: true, sha256: true });
  const hub = await startHubBehindProxy(join(workDir, "data"), seedFile, { nodeArgs: nodeArgs("BENCH_SERVER_NODE_ARGS") });
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
    const serverCpuBefore = processCpuSeconds(hub.server.pid);
    const result = await runChild(
      [
        fileURLToPath(import.meta.url),
        "--child",
        "--size-mib",
        values["size-mib"],
        "--concurrency",
        values.concurrency,
        ...(XET ? ["--xet"] : []),
      ],
      { ...hub.env, HUB_URL: hub.url, FILE: filePath, OID: oid },
    );
    const { parts, chunkSize, uploadStart, partsDone, uploadEnd, downloadStart, downloadEnd } = result;
    const seconds = (from, to) => (to - from) / 1000;
    const rate = (bytes, from, to) => (bytes / MB / seconds(from, to)).toFixed(1);
    if (XET) {
      console.log(
        `file: ${(SIZE / MB).toFixed(0)} MB (${SIZE / 1024 / 1024} MiB) in ${parts} xorbs (${(result.serialized / MB).toFixed(0)} MB serialized), ${CONCURRENCY} in flight`,
      );
      console.log(
        `Xet ingest (xorbs + shard + commit): ${rate(SIZE, uploadStart, uploadEnd)} MB/s in ${seconds(uploadStart, uploadEnd).toFixed(2)} s (xorbs ${seconds(uploadStart, partsDone).toFixed(2)} s = ${rate(SIZE, uploadStart, partsDone)} MB/s, shard ${seconds(partsDone, result.shardDone).toFixed(2)} s, commit ${seconds(result.shardDone, uploadEnd).toFixed(2)} s)`,
      );
      console.log(
        `download through the LFS bridge (resolve, rebuilt from xorbs, sha256-checked): ${rate(SIZE, downloadStart, downloadEnd)} MB/s in ${seconds(downloadStart, downloadEnd).toFixed(2)} s`,
      );
      console.log(
        `server CPU during the child run (ingest + download): ${(processCpuSeconds(hub.server.pid) - serverCpuBefore).toFixed(2)} s`,
      );
    } else {
      console.log(
        `file: ${(SIZE / MB).toFixed(0)} MB (${SIZE / 1024 / 1024} MiB), ${parts} parts of ${chunkSize / 1024 / 1024} MiB, ${CONCURRENCY} in parallel`,
      );
      console.log(
        `upload (batch + parts + completion + commit): ${rate(SIZE, uploadStart, uploadEnd)} MB/s in ${seconds(uploadStart, uploadEnd).toFixed(1)} s (parts alone ${rate(SIZE, uploadStart, partsDone)} MB/s)`,
      );
      console.log(
        `download (resolve, one GET, streamed, sha256-checked): ${rate(SIZE, downloadStart, downloadEnd)} MB/s in ${seconds(downloadStart, downloadEnd).toFixed(1)} s`,
      );
    }
    const peak = peakRssMiB(hub.server.pid);
    // The 200 MiB budget is the LFS path's (objects stream to disk); Xet xorbs (64 MiB, 4 in flight) are only reported.
    if (XET) console.log(`server peak RSS: ${peak.toFixed(1)} MiB`);
    else {
      console.log(`server peak RSS: ${peak.toFixed(1)} MiB ${peak < 200 ? "(< 200 MiB: OK)" : "(>= 200 MiB: FAIL)"}`);
      if (peak >= 200) process.exitCode = 1;
    }
  } finally {
    await hub.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

if (values.child) await reportChildRun(() => (XET ? transferXet(process.env) : transfer(process.env)));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
