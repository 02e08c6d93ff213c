import { HubValidationError } from "@hub/core";

/** Most LFS files one commit may hold (documented Hub limit). */
export const MAX_LFS_FILES_PER_COMMIT = 25_000;

/** Most bytes of regular (inline) files one commit may hold: 1 GB. */
export const MAX_REGULAR_PAYLOAD_BYTES = 1_000_000_000;

/**
 * Enforces the Hub's per-commit limits once the upload modes are known, before any byte is uploaded or committed.
 * @throws {HubValidationError} with the counts and what to do.
 */
export function checkCommitLimits(lfsFiles: number, regularBytes: number): void {
  if (lfsFiles > MAX_LFS_FILES_PER_COMMIT) {
    throw new HubValidationError([
      {
        field: "operations",
        rule: `a commit may hold at most ${MAX_LFS_FILES_PER_COMMIT} LFS files, this one has ${lfsFiles}: split it into several commits`,
      },
    ]);
  }
  if (regularBytes > MAX_REGULAR_PAYLOAD_BYTES) {
    throw new HubValidationError([
      {
        field: "operations",
        rule: `a commit may hold at most 1 GB of regular files, this one has ${regularBytes} bytes: split it into several commits`,
      },
    ]);
  }
}
