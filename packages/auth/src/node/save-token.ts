import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { HubValidationError } from "@hub/core";
import { type EnvironmentOptions, tokenPath } from "./paths.ts";

/**
 * Saves the token in the file shared with the Python client (`HF_TOKEN_PATH` or `$HF_HOME/token`):
 * the raw token without a newline, mode 0600, parent folders created with mode 0700, written to a
 * temporary file then renamed so a reader never sees half a token. Returns the file path.
 * @throws {HubValidationError} when the token is empty or contains white space.
 */
export async function saveToken(accessToken: string, options: EnvironmentOptions = {}): Promise<string> {
  if (typeof accessToken !== "string" || accessToken.trim() === "" || /\s/.test(accessToken.trim())) {
    throw new HubValidationError([{ field: "accessToken", rule: "must be a non-empty token without white space" }]);
  }
  const path = tokenPath(options.env ?? process.env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, accessToken.trim(), { mode: 0o600, flag: "wx" });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
