import { cleanToken, getHubUrl, tokenPath } from "@hub/auth/node";
import type { HubOptions } from "@hub/core";
import { readFileSync } from "node:fs";

/**
 * On Node, `new HubApi()` resolves what the Python client would: the token from `HF_TOKEN`,
 * `HUGGING_FACE_HUB_TOKEN` or the shared token file, and the endpoint from `HF_ENDPOINT`.
 * Synchronous on purpose: it runs once, in the constructor, and reads one small file.
 */
export function environmentOptions(): HubOptions {
  const env = process.env;
  const accessToken = cleanToken(env.HF_TOKEN) ?? cleanToken(env.HUGGING_FACE_HUB_TOKEN) ?? readTokenFile(tokenPath(env));
  return { hubUrl: getHubUrl({ env }), ...(accessToken ? { accessToken } : {}) };
}

function readTokenFile(path: string): string | undefined {
  try {
    return cleanToken(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
