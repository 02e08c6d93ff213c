// Browser entry of the matrix: the page calls `window.runMatrixScenario(serverUrl, token)`.
import * as sdk from "@hub/sdk";
import { runScenario } from "./scenario.mjs";

globalThis.runMatrixScenario = async (serverUrl, token, runtime) => {
  try {
    return { ok: true, version: navigator.userAgent, ...(await runScenario({ sdk, serverUrl, token, runtime })) };
  } catch (error) {
    return { ok: false, version: navigator.userAgent, error: String(error?.message ?? error) };
  }
};
