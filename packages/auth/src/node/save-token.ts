import { HubValidationError } from "@hub/core";
import { type EnvironmentOptions, tokenPath } from "./paths.ts";
import { writeSecretFile } from "./stored-tokens.ts";

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
  await writeSecretFile(path, accessToken.trim());
  return path;
}
