import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Sha256Hasher } from "./sha256-hasher.ts";

/** Streaming SHA-256 in plain JavaScript (@noble/hashes) for browsers and edge runtimes. */
export function createSha256(): Sha256Hasher {
  const hash = sha256.create();
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    digestHex: () => bytesToHex(hash.digest()),
  };
}
