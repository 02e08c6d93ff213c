// Worker (workerd) entry of the matrix: POST { serverUrl, token, runtime } runs the shared scenario
// inside the worker and answers { ok, steps, totalMs } or { ok: false, error }.
import * as sdk from "@hub/sdk";
import { runScenario } from "./scenario.mjs";

async function handle(request) {
  const { serverUrl, token, runtime } = await request.json();
  try {
    return Response.json({ ok: true, ...(await runScenario({ sdk, serverUrl, token, runtime, now: () => Date.now() })) });
  } catch (error) {
    return Response.json({ ok: false, error: String(error?.message ?? error) });
  }
}

// The module-worker contract of workerd is a default export with a fetch handler.
export default { fetch: handle };
