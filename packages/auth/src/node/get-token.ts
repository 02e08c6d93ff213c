import { readFile } from "node:fs/promises";
import { cleanToken } from "@hub/core/internal";
import { type EnvironmentOptions, tokenPath } from "./paths.ts";

export { cleanToken };

/** Options of `getToken`. */
export interface GetTokenOptions extends EnvironmentOptions {
  /** An explicit token; wins over everything else when non-empty. */
  accessToken?: string;
}

/**
 * Finds the token like the Python client: the explicit one, then `HF_TOKEN`, then
 * `HUGGING_FACE_HUB_TOKEN`, then the token file (`HF_TOKEN_PATH`, else `$HF_HOME/token`).
 * Values are trimmed; an empty value counts as none. Resolves `undefined` when there is no token.
 * @throws {Error} only when the token file exists but cannot be read (other than "not found").
 */
export async function getToken(options: GetTokenOptions = {}): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const fromEnvironment = cleanToken(options.accessToken) ?? cleanToken(env.HF_TOKEN) ?? cleanToken(env.HUGGING_FACE_HUB_TOKEN);
  if (fromEnvironment) return fromEnvironment;
  try {
    return cleanToken(await readFile(tokenPath(env), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}
