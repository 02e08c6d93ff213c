import { setAccessToken, unsetAccessToken } from "@hub/auth/node";
import type { HubOptions } from "@hub/core";
import { uploadFolder } from "@hub/commits/node";
import { downloadFileToCacheDir, snapshotDownload } from "@hub/repos/node";

/** Params of the bound `setAccessToken`: the token to store (default: the bound one) and the Hub. */
export interface SetAccessTokenParams extends Pick<HubOptions, "accessToken" | "hubUrl"> {}

/** Every Node-only operation of the SDK, by name: the extra methods of `HubApi` from `@hub/sdk/node`. */
export const nodeOperations = {
  // @hub/auth/node: bound forms take one params object, like every other method.
  /**
   * Stores the token (default: the client's) in git's credential store for the Hub's host, with the
   * user name `hf_user`, so `git clone`/`push` over HTTPS authenticate (seed `set_access_token`).
   * @throws {HubValidationError} when the token is empty or contains white space.
   * @throws {HubError} when git is missing or the store fails.
   */
  setAccessToken: ({ accessToken, hubUrl }: SetAccessTokenParams) => setAccessToken(accessToken ?? "", { hubUrl }),
  /** Removes the Hub's entry from git's credential store (seed `unset_access_token`). */
  unsetAccessToken: ({ hubUrl }: Pick<HubOptions, "hubUrl">) => unsetAccessToken({ hubUrl }),
  // @hub/repos/node
  downloadFileToCacheDir,
  snapshotDownload,
  // @hub/commits/node
  uploadFolder,
};

/** The type of the Node-only operation record. */
export type NodeOperations = typeof nodeOperations;
