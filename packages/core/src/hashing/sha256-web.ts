import { sha256 } from "@noble/hashes/sha2.js";
import type { Sha256Hasher } from "./sha256-hasher.ts";

/** Streaming SHA-256 in plain JavaScript (@noble/hashes) for browsers and edge runtimes. */
export function createSha256(): Sha256Hasher {
  const hash = sha256.create();
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    // 32 bytes once per file: a plain loop is as good as noble's `bytesToHex` and smaller.
    digestHex: () => Array.from(hash.digest(), (byte) => byte.toString(16).padStart(2, "0")).join(""),
  };
}
