// Benchmark: iterate 20,000 models with @hub/search's listModels and with the official
// @huggingface/hub listModels, against the local Hub server spawned as a child process, over HTTPS
// through bench/https-proxy.mjs (10 ms each way, 400 Mbit/s per connection and direction by default).
//
//   node bench/list-models.mjs            (BENCH_MODELS=20000, BENCH_ROUNDS=5 by default)
//   conditions: BENCH_DELAY_MS=10 BENCH_MBIT=400; BENCH_PLAIN_HTTP=1 (no proxy: debugging only, not results)
//
// The listings run in one child process (node --expose-gc, trusting the proxy's certificate), both
// clients taking turns. Prints both times, their ratio, and our peak RSS / heap while iterating
// (sampled every 5 ms), next to the same figures for the official client. Prerequisite: build
// @hub/search and @hub/server (bash scripts/pnpm.sh --filter "@hub/bench..." run build).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listModels } from "@hub/search";
import { bulkSeedRepos } from "@hub/server";
import { STANDARD_SEED, createSeedFile } from "@hub/server/testing";
import { listModels as officialListModels } from "@huggingface/hub";
import { median, run, startHubBehindProxy } from "./harness.mjs";

const COUNT = Number(process.env.BENCH_MODELS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TASKS = ["text-classification", "fill-mask", "text-generation", "translation", "image-classification"];
const LIBRARIES = ["pytorch", "tf", "jax", "transformers", "diffusers"];
const MiB = 1024 * 1024;

function* models() {
  for (let index = 0; index < COUNT; index++) {
    const task = TASKS[index % TASKS.length];
    const library = LIBRARIES[Math.floor(index / TASKS.length) % LIBRARIES.length];
    yield {
      id: `org${index % 50}/model-${index}`,
      downloads: (index * 7919) % 100_000,
      files: {
        "README.md": `---\nlibrary_name: ${library}\npipeline_tag: ${task}\nlanguage: [en]\nlicense: mit\ntags: [bench]\n---\n# Model\n`,
      },
    };
  }
}

/** Runs `iterate` while sampling memory; returns items, ms, and peaks above the baseline. */
async function measure(iterate) {
  globalThis.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const start = performance.now();
  let items = 0;
  const checkpoints = [];
  for await (const item of iterate()) {
    if (!item) throw new Error("empty item");
    items++;
    if (items % (COUNT / 4) === 0) checkpoints.push(Math.round(process.memoryUsage().heapUsed / MiB));
  }
  const ms = performance.now() - start;
  clearInterval(timer);
  sample();
  return { items, ms, baselineRss: baseline.rss, baselineHeap: baseline.heapUsed, peakRss, peakHeap, checkpoints };
}

/** In the child: warm-up, then BENCH_ROUNDS rounds of each variant, and the summary. */
async function measureAll(hubUrl) {
  const ours = () => listModels({ hubUrl });
  const official = () => officialListModels({ hubUrl });
  // The official client always asks for these fields only; ours with the same `expand`, like for like.
  const OFFICIAL_FIELDS = ["pipeline_tag", "private", "gated", "downloads", "likes", "lastModified"];
  const oursSameFields = () => listModels({ hubUrl, expand: OFFICIAL_FIELDS });
  // Warm-up: one page each (JIT, server statement cache).
  for await (const _ of listModels({ hubUrl, limit: 1000 }));
  for await (const _ of officialListModels({ hubUrl, limit: 500 }));
  const results = { ours: [], official: [], oursSameFields: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const variants = [
      ["official", official],
      ["ours", ours],
      ["oursSameFields", oursSameFields],
    ];
    for (const [name, iterate] of round % 2 === 0 ? variants : [...variants].reverse()) {
      const result = await measure(iterate);
      if (result.items !== COUNT) throw new Error(`${name} listed ${result.items} models, expected ${COUNT}`);
      results[name].push(result);
      console.log(
        `round ${round + 1} ${name.padEnd(14)} ${result.items} models in ${result.ms.toFixed(0)} ms, peak RSS +${((result.peakRss - result.baselineRss) / MiB).toFixed(1)} MiB, peak heap ${(result.peakHeap / MiB).toFixed(1)} MiB (heap at 25/50/75/100%: ${result.checkpoints.join("/")} MiB)`,
      );
    }
  }
  const oursMs = median(
    results.ours.map((result) => result.ms),
    { even: "upper" },
  );
  const officialMs = median(
    results.official.map((result) => result.ms),
    { even: "upper" },
  );
  const sameFieldsMs = median(
    results.oursSameFields.map((result) => result.ms),
    { even: "upper" },
  );
  const peak = (list, key) => Math.max(...list.map((result) => result[key])) / MiB;
  console.log("");
  console.log(
    `@hub/search listModels       median ${oursMs.toFixed(0)} ms for ${COUNT} models (${(COUNT / (oursMs / 1000)).toFixed(0)} models/s)`,
  );
  console.log(
    `@huggingface/hub listModels  median ${officialMs.toFixed(0)} ms for ${COUNT} models (${(COUNT / (officialMs / 1000)).toFixed(0)} models/s)`,
  );
  console.log(`@hub/search, official fields median ${sameFieldsMs.toFixed(0)} ms (expand: ${OFFICIAL_FIELDS.join(", ")})`);
  console.log(
    `ratio ours/official          ${(oursMs / officialMs).toFixed(2)} default fields, ${(sameFieldsMs / officialMs).toFixed(2)} same fields (target <= 1.00)`,
  );
  console.log(
    `our peak RSS ${peak(results.ours, "peakRss").toFixed(1)} MiB, peak heap ${peak(results.ours, "peakHeap").toFixed(1)} MiB; official peak RSS ${peak(results.official, "peakRss").toFixed(1)} MiB, peak heap ${peak(results.official, "peakHeap").toFixed(1)} MiB`,
  );
}

if (process.argv[2] === "--child") {
  await measureAll(process.env.HUB_URL);
  process.exit(0);
}

const dataDir = await mkdtemp(join(tmpdir(), "hub-bench-list-"));
const seedFile = await createSeedFile(join(dataDir, "seed.json"));
let hub;
try {
  const seedStart = performance.now();
  const seeded = bulkSeedRepos(dataDir, models(), STANDARD_SEED);
  console.log(`seeded ${seeded} models in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (bulkSeedRepos, direct DB inserts)`);
  hub = await startHubBehindProxy(dataDir, seedFile);
  console.log(`server (child process ${hub.server.pid}) at ${hub.url}; ${hub.conditions}`);
  process.stdout.write(await run(["--expose-gc", fileURLToPath(import.meta.url), "--child"], { ...hub.env, HUB_URL: hub.url }));
  console.log(hub.conditions);
} finally {
  if (hub) await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
}
