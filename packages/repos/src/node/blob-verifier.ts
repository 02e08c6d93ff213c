import { createHash, type Hash } from "node:crypto";

/** Checks downloaded bytes against the ETag: sha256 for LFS files, git blob sha1 for regular files. */
export interface BlobVerifier {
  update(chunk: Uint8Array): void;
  /** The mismatch in words, or `undefined` when the bytes are right. */
  check(): string | undefined;
}

/**
 * A verifier for a blob of `size` bytes named `etag`: a 64-hex ETag is a sha256 of the content, a
 * 40-hex ETag a git blob id (`sha1("blob <size>\0" + content)`); other ETags only get a size check.
 */
export function createBlobVerifier(etag: string, size: number | undefined): BlobVerifier {
  let hash: Hash | undefined;
  if (/^[0-9a-f]{64}$/.test(etag)) hash = createHash("sha256");
  else if (/^[0-9a-f]{40}$/.test(etag) && size !== undefined) hash = createHash("sha1").update(`blob ${size}\0`);
  let received = 0;
  return {
    update(chunk) {
      received += chunk.byteLength;
      hash?.update(chunk);
    },
    check() {
      if (size !== undefined && received !== size) return `expected ${size} bytes, got ${received}`;
      const digest = hash?.digest("hex");
      return digest === undefined || digest === etag ? undefined : `content hash ${digest} does not match ETag ${etag}`;
    },
  };
}
