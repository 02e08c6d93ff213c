import { createHash } from "node:crypto";
import type { Sha256Hasher } from "./sha256-hasher.ts";

/** SHA-256 by node:crypto (OpenSSL, SHA-NI where available), fed chunk by chunk. */
export function createSha256(): Sha256Hasher {
  const hash = createHash("sha256");
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    digestHex: () => hash.digest("hex"),
  };
}
