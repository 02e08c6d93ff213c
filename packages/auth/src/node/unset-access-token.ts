import { credentialUrl, GIT_CREDENTIAL_USERNAME, type GitCredentialOptions, runCredentialStore } from "./git-credential.ts";

/**
 * Removes the Hub's credential from git's credential store (`git credential-store erase`), seed
 * `unset_access_token`. Nothing stored is not an error.
 * @throws {HubError} when git is missing or the erase fails.
 */
export async function unsetAccessToken(options: GitCredentialOptions = {}): Promise<void> {
  await runCredentialStore("erase", `url=${credentialUrl(options)}\nusername=${GIT_CREDENTIAL_USERNAME}\n\n`, options);
}
