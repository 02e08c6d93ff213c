import type { Sha256Hasher } from "./sha256-hasher.ts";

// node:crypto is loaded on the first hash, not at import: its start-up is paid by every user of
// `@hub/sdk` on Node otherwise, most of whom never hash.
let crypto: Promise<typeof import("node:crypto")> | undefined;

/** SHA-256 by node:crypto (OpenSSL, SHA-NI where available), fed chunk by chunk. */
export async function createSha256(): Promise<Sha256Hasher> {
  const { createHash } = await (crypto ??= import("node:crypto"));
  const hash = createHash("sha256");
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    digestHex: () => hash.digest("hex"),
  };
}
