// Xet chunking + chunk hashing throughput (content-defined chunks, BLAKE3 keyed hash of each) of
// @hub/core/xet beside the official client's chunker (@huggingface/xetchunk-wasm, a dependency of
// @huggingface/hub 2.17.5), on the same random bytes fed in 1 MiB pieces. Also LZ4 chunk compression.
// usage: node bench/xet-chunk-hash.mjs [sizeMiB=64] [runs=3]   (build @hub/core first)
import { randomFillSync } from "node:crypto";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { serializeChunkRecord, setXetWasmEnabled, XetChunker, xetChunkHash, xetFileHash, xetHashToHex, xetKernel } from "@hub/core/xet";
import { median } from "./harness.mjs";

const MIB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 64);
const runs = Number(process.argv[3] ?? 3);

const data = new Uint8Array(sizeMiB * MIB);
for (let offset = 0; offset < data.length; offset += 65_536) randomFillSync(data, offset, Math.min(65_536, data.length - offset));
// Half of the bytes compressible (text-like), as model and dataset files often are.
const mixed = data.slice();
for (let index = 0; index < mixed.length / 2; index++) mixed[index] = 97 + ((index * 7 + (index >> 9)) % 13);

function timeRuns(label, run) {
  const times = [];
  let result = "";
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    result = run();
    times.push((performance.now() - started) / 1000);
  }
  const seconds = median(times, { even: "upper" });
  const rate = data.length / seconds / 1e6;
  console.log(`${label.padEnd(58)} ${seconds.toFixed(3)} s  ${rate.toFixed(1).padStart(6)} MB/s  ${result}`);
  return rate;
}

function pieces(bytes, each) {
  for (let offset = 0; offset < bytes.length; offset += MIB) each(bytes.subarray(offset, offset + MIB));
}

console.log(`Xet chunk + hash of ${sizeMiB} MiB random bytes, 1 MiB pieces, median of ${runs} runs, Node ${process.versions.node}`);

// Ours twice: with the WebAssembly kernels this runtime compiles (gear scan, 4-way SIMD BLAKE3), then with the
// pure TypeScript path that edge runtimes without run-time WebAssembly compilation (Cloudflare Workers) use.
const results = {};
for (const wasm of [true, false]) {
  setXetWasmEnabled(wasm);
  const name = `@hub/core/xet ${xetKernel()}`;
  timeRuns(`${name} chunk only`, () => {
    const chunker = new XetChunker();
    let count = 0;
    pieces(data, (piece) => (count += chunker.push(piece).length));
    count += chunker.finish().length;
    return `${count} chunks`;
  });
  timeRuns(`${name} BLAKE3 keyed only, 64 KiB pieces`, () => {
    let last;
    for (let offset = 0; offset < data.length; offset += 65_536) last = xetChunkHash(data.subarray(offset, offset + 65_536));
    return xetHashToHex(last).slice(0, 16);
  });
  results[xetKernel()] = timeRuns(`${name} chunk + hash + file hash`, () => {
    const chunker = new XetChunker();
    const leaves = [];
    const add = (chunk) => leaves.push({ hash: xetChunkHash(chunk), size: chunk.length });
    pieces(data, (piece) => chunker.push(piece).forEach(add));
    chunker.finish().forEach(add);
    return xetHashToHex(xetFileHash(leaves)).slice(0, 16);
  });
}
setXetWasmEnabled(true);

// The official client's chunker, resolved from @huggingface/hub's own dependencies.
let official;
try {
  const hubEntry = createRequire(import.meta.url).resolve("@huggingface/hub");
  const chunkerEntry = createRequire(hubEntry).resolve("@huggingface/xetchunk-wasm");
  official = await import(pathToFileURL(chunkerEntry.replace(/commonjs/, "esm")).href);
} catch (error) {
  console.log(`official chunker (@huggingface/xetchunk-wasm) not found: ${error.message}`);
}
if (official) {
  const theirs = timeRuns("@huggingface/xetchunk-wasm 0.2.0 chunk + hash + file hash", () => {
    const chunker = official.createChunker();
    const chunks = [];
    pieces(data, (piece) => chunks.push(...official.nextBlock(chunker, piece)));
    const last = official.finalize(chunker);
    if (last) chunks.push(last);
    return official.hashToHex(official.fileHash(chunks)).slice(0, 16);
  });
  for (const [kernel, rate] of Object.entries(results))
    console.log(`${`  ratio @hub/core/xet ${kernel} / official, chunk + hash`.padEnd(58)} ${(rate / theirs).toFixed(2)}x`);
}

timeRuns("@hub/core/xet chunk records (auto: LZ4 and BG4), half text", () => {
  const chunker = new XetChunker();
  let bytes = 0;
  const add = (chunk) => (bytes += serializeChunkRecord(chunk).length);
  pieces(mixed, (piece) => chunker.push(piece).forEach(add));
  chunker.finish().forEach(add);
  return `${((bytes / mixed.length) * 100).toFixed(1)} % of raw`;
});
