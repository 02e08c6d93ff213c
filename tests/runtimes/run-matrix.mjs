// The runtime matrix: the shared smoke scenario against one local Hub server from Node 20 (this
// Node), Node 22, Node 24, Bun, Deno, workerd (miniflare) and headless Chromium. Prints pass/fail
// and timings per runtime; exits 1 if any leg fails or cannot run.
// usage: node tests/runtimes/run-matrix.mjs [--only node20,workerd] [--no-install]
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startTestServer } from "@hub/server/testing";
import { matrixLegs, runLeg } from "./legs.mjs";

const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(",")) : undefined;
const wanted = (name) => only === undefined || only.has(name);

if (wanted("chromium") && !args.includes("--no-install")) {
  execFileSync("bash", [fileURLToPath(new URL("./ensure-chromium.sh", import.meta.url))], { stdio: "inherit" });
}

const server = await startTestServer();
const rows = [];
try {
  for (const leg of matrixLegs().filter((candidate) => wanted(candidate.name))) {
    if (leg.missing) {
      rows.push({ name: leg.name, ok: false, error: leg.missing });
    } else {
      const stats = server.server.context.xet.stats;
      const before = { ...stats };
      const row = { name: leg.name, ...(await runLeg(leg, { serverUrl: server.url, token: server.tokens.alice })) };
      // The server's own count: the Xet download asked the CAS for reconstructions (not only the bridge).
      const reconstructions = stats.reconstructions - before.reconstructions;
      if (row.ok && row.xetDownload && reconstructions < 1)
        Object.assign(row, { ok: false, error: "the Xet download made no reconstruction on the server" });
      rows.push({ ...row, serverReconstructions: reconstructions, xorbsReceived: stats.xorbsReceived - before.xorbsReceived });
    }
    const row = rows.at(-1);
    const upload = row.steps?.find((step) => step.name.startsWith("upload"))?.ms;
    console.log(
      `${row.ok ? "PASS" : "FAIL"}  ${row.name.padEnd(9)} ${row.ok ? `scenario ${String(row.totalMs).padStart(5)} ms (20 MB upload ${upload} ms via ${row.uploadedWith}), wall ${row.wallMs} ms  ${row.version ?? ""}` : row.error}`,
    );
    const xet = row.ok && row.xetDownload ? row.steps.find((step) => step.name.startsWith("download 20 MB through Xet")) : undefined;
    if (xet)
      console.log(
        `XET   ${row.name.padEnd(9)} upload ${row.xorbsReceived} xorb(s) received; download ${xet.ms} ms, ${row.xetDownload.casBytes} bytes from ${row.xetDownload.casRequests} CAS data request(s), SHA-256 ok; server reconstructions ${row.serverReconstructions}`,
      );
    for (const note of row.notes ?? []) console.log(`NOTE  ${row.name.padEnd(9)} ${note}`);
  }
} finally {
  await server.close();
}
const failed = rows.filter((row) => !row.ok).length;
console.log(`runtime matrix: ${rows.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
