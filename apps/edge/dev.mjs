// Runs the bundled worker locally in workerd through miniflare (what `wrangler dev` does).
// usage: HUB_URL=http://127.0.0.1:4000 [HUB_TOKEN=hf_...] node dev.mjs [port]
import { Miniflare } from "miniflare";
import { bundleWorker } from "./bundle.mjs";

const { code } = await bundleWorker();
const bindings = Object.fromEntries(["HUB_URL", "HUB_TOKEN"].filter((name) => process.env[name]).map((name) => [name, process.env[name]]));
const miniflare = new Miniflare({
  modules: true,
  script: code,
  compatibilityDate: "2026-07-01",
  bindings,
  host: "127.0.0.1",
  port: Number(process.argv[2] ?? 8787),
});
console.log(`edge example on ${await miniflare.ready} (Hub: ${bindings.HUB_URL ?? "https://huggingface.co"}); Ctrl-C stops it`);
process.on("SIGINT", () => void miniflare.dispose().then(() => process.exit(0)));
