// SHA-256 throughput of @hub/core's Node path on a 512 MiB temp file (page-cached after the first read).
// usage: node bench/sha256.mjs [sizeMiB=512] [runs=3]   (build @hub/core first)
import { createHash } from "node:crypto";
import { createReadStream, openAsBlob } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { sha256 } from "@hub/core";
import { median, writeRandomFile } from "./harness.mjs";

const MIB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 512);
const runs = Number(process.argv[3] ?? 3);

/** Times `run` `runs` times and prints the median time, the throughput and the digest's start. */
async function timeRuns(label, bytes, run) {
  const times = [];
  let digest = "";
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    digest = await run();
    times.push((performance.now() - started) / 1000);
  }
  const seconds = median(times, { even: "upper" });
  console.log(
    `${label.padEnd(44)} ${seconds.toFixed(3)} s  ${(bytes / seconds / 1e6).toFixed(0).padStart(5)} MB/s  ${digest.slice(0, 16)}`,
  );
  return digest;
}

const directory = await mkdtemp(join(tmpdir(), "hub-bench-"));
const path = join(directory, "random.bin");
try {
  const bytes = sizeMiB * MIB;
  await writeRandomFile(path, bytes);
  console.log(`sha256 of ${sizeMiB} MiB, median of ${runs} runs, Node ${process.versions.node}`);
  const reference = await timeRuns("node:crypto for-await createReadStream (ref)", bytes, async () => {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path, { highWaterMark: MIB })) hash.update(chunk);
    return hash.digest("hex");
  });
  const fromFileStream = await timeRuns("@hub/core sha256(createReadStream(path))", bytes, () =>
    sha256(createReadStream(path, { highWaterMark: MIB })),
  );
  const fromBlob = await timeRuns("@hub/core sha256(await openAsBlob(path))", bytes, async () => sha256(await openAsBlob(path)));
  const fromStream = await timeRuns("@hub/core sha256(Readable.toWeb(stream))", bytes, () =>
    sha256(Readable.toWeb(createReadStream(path, { highWaterMark: MIB }))),
  );
  if (fromFileStream !== reference || fromBlob !== reference || fromStream !== reference) throw new Error("digests differ");
} finally {
  await rm(directory, { recursive: true, force: true });
}
