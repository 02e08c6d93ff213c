import { createSha256 as createRuntimeSha256 } from "#sha256";
import type { Sha256Hasher } from "./sha256-hasher.ts";

/**
 * An incremental SHA-256: node:crypto on Node, @noble/hashes elsewhere (the `#sha256` import
 * condition, as `sha256` uses). Declared here so that no `#sha256` type reaches the published types.
 */
export async function createSha256(): Promise<Sha256Hasher> {
  return createRuntimeSha256();
}
