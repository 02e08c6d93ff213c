// Checks the conditions the transfer benchmarks run under (not a benchmark, not a test): starts the
// local server behind bench/https-proxy.mjs (startHubBehindProxy) and, from a child process that
// trusts the proxy's certificate through NODE_EXTRA_CA_CERTS, measures
//   - the time of a small API call on a kept-alive connection (should be about 2 x BENCH_DELAY_MS),
//   - one LFS PUT and one GET of BENCH_CHECK_MIB (default 48) MiB on one connection (should be a bit
//     under BENCH_MBIT), the downloaded bytes checked by SHA-256,
// and checks that the absolute URLs the server hands out (LFS hrefs, the 302 Location of a resolve
// with --lfs-redirect) point at the proxy's https origin.
// Usage: node bench/proxy-check.mjs   [BENCH_DELAY_MS=10] [BENCH_MBIT=400] [BENCH_CHECK_MIB=48]
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, run, startHubBehindProxy } from "./harness.mjs";

const REPO = "alice/proxy-check";
const SIZE = Number(process.env.BENCH_CHECK_MIB ?? 48) * 1024 * 1024;

async function child({ HUB_URL: hub, TOKEN: token }) {
  const auth = { Authorization: `Bearer ${token}` };
  const expect = (condition, message) => {
    if (!condition) throw new Error(`proxy-check: ${message}`);
  };
  const ok = async (response, what) => {
    expect(response.ok, `${what}: ${response.status} ${await response.clone().text()}`);
    return response;
  };
  const rounds = [];
  for (let index = 0; index < 7; index++) {
    const started = performance.now();
    await (await ok(await fetch(`${hub}/api/whoami-v2`, { headers: auth }), "whoami")).arrayBuffer();
    rounds.push(performance.now() - started);
  }
  const bytes = randomBytes(SIZE);
  const oid = createHash("sha256").update(bytes).digest("hex");
  const batch = async (operation) => {
    const response = await ok(
      await fetch(`${hub}/${REPO}.git/info/lfs/objects/batch`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/vnd.git-lfs+json" },
        body: JSON.stringify({ operation, transfers: ["basic"], hash_algo: "sha256", objects: [{ oid, size: SIZE }] }),
      }),
      `batch ${operation}`,
    );
    return (await response.json()).objects[0].actions;
  };
  const { upload } = await batch("upload");
  expect(new URL(upload.href).origin === hub, `LFS upload href ${new URL(upload.href).origin} is not the proxy's ${hub}`);
  let started = performance.now();
  await ok(await fetch(upload.href, { method: "PUT", body: new Blob([bytes]), headers: upload.header }), "PUT");
  const putSeconds = (performance.now() - started) / 1000;
  const ndjson = [
    { key: "header", value: { summary: "proxy check", description: "" } },
    { key: "lfsFile", value: { path: "check.bin", algo: "sha256", oid, size: SIZE } },
  ]
    .map((line) => JSON.stringify(line))
    .join("\n");
  await ok(
    await fetch(`${hub}/api/models/${REPO}/commit/main`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-ndjson" },
      body: ndjson,
    }),
    "commit",
  );
  const redirect = await fetch(`${hub}/${REPO}/resolve/main/check.bin`, { headers: auth, redirect: "manual" });
  await redirect.arrayBuffer();
  const location = redirect.headers.get("location");
  expect(
    redirect.status === 302 && location && new URL(location, hub).origin === hub,
    `resolve answered ${redirect.status} with Location ${location}`,
  );
  started = performance.now();
  const download = await ok(await fetch(new URL(location, hub)), "GET");
  const hash = createHash("sha256");
  let received = 0;
  for await (const chunk of download.body) {
    hash.update(chunk);
    received += chunk.length;
  }
  const getSeconds = (performance.now() - started) / 1000;
  expect(received === SIZE && hash.digest("hex") === oid, "downloaded bytes differ");
  return { apiMs: median(rounds), putSeconds, getSeconds, location };
}

if (process.argv[2] === "--child") {
  process.stdout.write(`RESULT ${JSON.stringify(await child(process.env))}\n`);
  process.exit(0);
}

const work = await mkdtemp(join(tmpdir(), "hub-bench-proxy-check-"));
const { createSeedFile, TEST_TOKENS } = await import("@hub/server/testing");
const hub = await startHubBehindProxy(join(work, "data"), await createSeedFile(join(work, "seed.json")), {
  serverArgs: ["--lfs-redirect", "--multipart-threshold", String(SIZE + 1)],
});
try {
  console.log(hub.conditions);
  const { createRepo } = await import("@hub/repos");
  await createRepo({ repoId: REPO, accessToken: TEST_TOKENS.alice, hubUrl: hub.serverUrl });
  const output = await run([fileURLToPath(import.meta.url), "--child"], { ...hub.env, HUB_URL: hub.url, TOKEN: TEST_TOKENS.alice });
  const result = JSON.parse(/^RESULT (.*)$/m.exec(output)[1]);
  const mbit = (seconds) => ((SIZE * 8) / 1e6 / seconds).toFixed(0);
  console.log(`small API call on a kept-alive connection: median ${result.apiMs.toFixed(1)} ms of 7`);
  console.log(
    `PUT ${SIZE / 1024 / 1024} MiB: ${result.putSeconds.toFixed(2)} s (${mbit(result.putSeconds)} Mbit/s); GET: ${result.getSeconds.toFixed(2)} s (${mbit(result.getSeconds)} Mbit/s), SHA-256 checked`,
  );
  console.log(
    `absolute URLs point at ${hub.plain ? "the server" : "the proxy"} (LFS href, 302 Location ${result.location.replace(/\?.*/, "?...")})`,
  );
  if (hub.proxy) console.log(`proxy saw ${hub.proxy.stats.connections} connection(s), ${hub.proxy.stats.requests} request(s)`);
} finally {
  await hub.stop();
  await rm(work, { recursive: true, force: true });
}
