import { rm } from "node:fs/promises";
import { type EnvironmentOptions, legacyTokenPath, tokenPath } from "./paths.ts";

/**
 * Deletes the saved token (`HF_TOKEN_PATH` or `$HF_HOME/token`) and the seed-era `~/.huggingface/token`.
 * A missing file is not an error.
 * @throws {Error} when a file exists but cannot be removed.
 */
export async function deleteToken(options: EnvironmentOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  await rm(tokenPath(env), { force: true });
  await rm(legacyTokenPath(env), { force: true });
}
