// Xet chunking + chunk hashing throughput (content-defined chunks, BLAKE3 keyed hash of each, file hash) of
// @hub/core/xet beside the official client's chunker (@huggingface/xetchunk-wasm, a dependency of
// @huggingface/hub 2.17.5), on the same random bytes fed in 1 MiB pieces. Ours runs twice: with the
// WebAssembly kernels (gear scan, 4-way SIMD BLAKE3) that Node, Deno, Bun and browsers compile, and with the
// pure TypeScript path that runtimes without run-time WebAssembly compilation (Cloudflare Workers) use.
// The cases run round-robin (ours, theirs, ours, ...) so that load from other work on the machine hits
// all of them alike; each line is the median of the runs. Also LZ4 chunk compression.
// usage: node bench/xet-chunk-hash.mjs [sizeMiB=64] [runs=5] [other @hub/core/xet dist, e.g. main's]
//        (build @hub/core first)
import { randomFillSync } from "node:crypto";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as ours from "@hub/core/xet";
import { median } from "./harness.mjs";

const MIB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 64);
const runs = Number(process.argv[3] ?? 5);
const otherPath = process.argv[4];

const data = new Uint8Array(sizeMiB * MIB);
for (let offset = 0; offset < data.length; offset += 65_536) randomFillSync(data, offset, Math.min(65_536, data.length - offset));
// Half of the bytes compressible (text-like), as model and dataset files often are.
const mixed = data.slice();
for (let index = 0; index < mixed.length / 2; index++) mixed[index] = 97 + ((index * 7 + (index >> 9)) % 13);

function pieces(bytes, each) {
  for (let offset = 0; offset < bytes.length; offset += MIB) each(bytes.subarray(offset, offset + MIB));
}

/** Runs every case `runs` times, round-robin; prints and returns MB/s per case (median). */
function timeCases(cases) {
  const times = cases.map(() => []);
  const results = cases.map(() => "");
  for (let run = 0; run < runs; run++)
    cases.forEach(({ setup, run: body }, index) => {
      setup?.();
      const started = performance.now();
      results[index] = body();
      times[index].push((performance.now() - started) / 1000);
    });
  return cases.map(({ label }, index) => {
    const seconds = median(times[index], { even: "upper" });
    const rate = data.length / seconds / 1e6;
    console.log(`${label.padEnd(60)} ${seconds.toFixed(3)} s  ${rate.toFixed(1).padStart(6)} MB/s  ${results[index]}`);
    return rate;
  });
}

function chunkOnly(lib) {
  const chunker = new lib.XetChunker();
  let count = 0;
  pieces(data, (piece) => (count += chunker.push(piece).length));
  count += chunker.finish().length;
  return `${count} chunks`;
}

function hashOnly(lib) {
  let last;
  for (let offset = 0; offset < data.length; offset += 65_536) last = lib.xetChunkHash(data.subarray(offset, offset + 65_536));
  return lib.xetHashToHex(last).slice(0, 16);
}

function chunkAndHash(lib) {
  const chunker = new lib.XetChunker();
  const leaves = [];
  const add = (chunk) => leaves.push({ hash: lib.xetChunkHash(chunk), size: chunk.length });
  pieces(data, (piece) => chunker.push(piece).forEach(add));
  chunker.finish().forEach(add);
  return lib.xetHashToHex(lib.xetFileHash(leaves)).slice(0, 16);
}

// The official client's chunker, resolved from @huggingface/hub's own dependencies.
let official;
try {
  const hubEntry = createRequire(import.meta.url).resolve("@huggingface/hub");
  const chunkerEntry = createRequire(hubEntry).resolve("@huggingface/xetchunk-wasm");
  official = await import(pathToFileURL(chunkerEntry.replace(/commonjs/, "esm")).href);
} catch (error) {
  console.log(`official chunker (@huggingface/xetchunk-wasm) not found: ${error.message}`);
}
const other = otherPath ? await import(pathToFileURL(resolve(otherPath)).href) : undefined;

const kernels = [
  { name: "wasm", setup: () => ours.setXetWasmEnabled(true) },
  { name: "js", setup: () => ours.setXetWasmEnabled(false) },
];
ours.setXetWasmEnabled(true);
const auto = ours.xetKernel();
console.log(
  `Xet chunk + hash of ${sizeMiB} MiB random bytes, 1 MiB pieces, median of ${runs} round-robin runs, Node ${process.versions.node}; kernels here: ${auto}`,
);

const caseOf = (label, setup, run) => ({ label, setup, run });
const parts = [];
for (const { name, setup } of kernels) {
  parts.push(caseOf(`@hub/core/xet ${name}: chunk only`, setup, () => chunkOnly(ours)));
  parts.push(caseOf(`@hub/core/xet ${name}: BLAKE3 keyed only, 64 KiB pieces`, setup, () => hashOnly(ours)));
}
timeCases(parts);

const whole = kernels.map(({ name, setup }) => caseOf(`@hub/core/xet ${name}: chunk + hash + file hash`, setup, () => chunkAndHash(ours)));
if (other) whole.push(caseOf(`${otherPath}: chunk + hash + file hash`, undefined, () => chunkAndHash(other)));
if (official)
  whole.push(
    caseOf("@huggingface/xetchunk-wasm 0.2.0: chunk + hash + file hash", undefined, () => {
      const chunker = official.createChunker();
      const chunks = [];
      pieces(data, (piece) => chunks.push(...official.nextBlock(chunker, piece)));
      const last = official.finalize(chunker);
      if (last) chunks.push(last);
      return official.hashToHex(official.fileHash(chunks)).slice(0, 16);
    }),
  );
const rates = timeCases(whole);
if (official) {
  const theirs = rates.at(-1);
  whole.slice(0, -1).forEach(({ label }, index) => {
    console.log(`${`  ${label.replace(": chunk + hash + file hash", "")} / official`.padEnd(60)} ${(rates[index] / theirs).toFixed(2)}x`);
  });
}
ours.setXetWasmEnabled(true);

timeCases([
  caseOf("@hub/core/xet chunk records (auto: LZ4 and BG4), half text", undefined, () => {
    const chunker = new ours.XetChunker();
    let bytes = 0;
    const add = (chunk) => (bytes += ours.serializeChunkRecord(chunk).length);
    pieces(mixed, (piece) => chunker.push(piece).forEach(add));
    chunker.finish().forEach(add);
    return `${((bytes / mixed.length) * 100).toFixed(1)} % of raw`;
  }),
]);
