import { HubValidationError } from "@hub/core";
import { credentialUrl, GIT_CREDENTIAL_USERNAME, type GitCredentialOptions, runCredentialStore } from "./git-credential.ts";

/**
 * Stores the token in git's credential store (`git credential-store store`) for the Hub's host, with
 * the user name `hf_user`, so `git clone`/`push` over HTTPS authenticate (seed `set_access_token`).
 * @throws {HubValidationError} when the token is empty or contains white space.
 * @throws {HubError} when git is missing or the store fails.
 */
export async function setAccessToken(accessToken: string, options: GitCredentialOptions = {}): Promise<void> {
  if (typeof accessToken !== "string" || accessToken.trim() === "" || /\s/.test(accessToken.trim())) {
    throw new HubValidationError([{ field: "accessToken", rule: "must be a non-empty token without white space" }]);
  }
  const url = credentialUrl(options);
  await runCredentialStore(
    "store",
    `url=${url}\nusername=${GIT_CREDENTIAL_USERNAME}\npassword=${accessToken.trim()}\n\n`,
    options,
    accessToken.trim(),
  );
}
