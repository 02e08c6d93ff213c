// The Chromium leg: serves a page and the browser bundle on loopback, drives Debian's `chromium`
// headless through playwright-core, and runs the scenario in the page (cross-origin to the server,
// so the server's CORS headers are exercised).
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { bundleEntry } from "./bundle.mjs";

/** Flags of the headless run: no GPU, QUIC, first-run UI or background traffic. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Path of the system Chromium (`command -v chromium`), or undefined when it is not installed. */
export function findChromium() {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function servePage(bundle) {
  const html = `<!doctype html><meta charset="utf-8"><title>runtime matrix</title><script type="module" src="/bundle.js"></script>`;
  const server = createServer((request, response) => {
    if (request.url === "/bundle.js") response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    else if (request.url === "/") response.writeHead(200, { "content-type": "text/html" }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Runs the scenario in headless Chromium against `serverUrl`. */
export async function runInChromium({
  serverUrl,
  token,
  runtime = "chromium",
  executablePath = findChromium(),
  entry = "browser-entry.mjs",
}) {
  if (!executablePath) throw new Error("chromium is not installed (apt-get install -y chromium)");
  const page = await servePage(await bundleEntry(entry, "browser"));
  const userDataDir = await mkdtemp(join(tmpdir(), "hub-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: CHROMIUM_FLAGS });
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(page.url);
    await tab.waitForFunction(() => typeof globalThis.runMatrixScenario === "function");
    return await tab.evaluate(([url, secret, name]) => globalThis.runMatrixScenario(url, secret, name), [serverUrl, token, runtime]);
  } finally {
    await context?.close();
    await page.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
