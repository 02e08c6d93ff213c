// Entry of the Node, Bun and Deno legs: imports the SDK package as an application would and runs
// the shared scenario. usage: <runtime> runner.mjs <serverUrl> <runtimeName>  (token in HUB_RUNTIME_TOKEN)
// Prints one line `RESULT {json}` ({ ok, steps, totalMs, version } or { ok: false, error }).
import * as sdk from "@hub/sdk";
import { runScenario } from "./scenario.mjs";

const [serverUrl, runtime] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const token = globalThis.Deno ? Deno.env.get("HUB_RUNTIME_TOKEN") : process.env.HUB_RUNTIME_TOKEN;
const version = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
try {
  const result = await runScenario({ sdk, serverUrl, token, runtime });
  console.log(`RESULT ${JSON.stringify({ ok: true, version, ...result })}`);
} catch (error) {
  console.log(`RESULT ${JSON.stringify({ ok: false, version, error: String(error?.message ?? error) })}`);
}
