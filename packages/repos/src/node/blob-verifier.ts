import { createHash, type Hash } from "node:crypto";

/** Checks downloaded bytes against the ETag: sha256 for LFS files, git blob sha1 for regular files. */
export interface BlobVerifier {
  update(chunk: Uint8Array): void;
  /** The mismatch in words, or `undefined` when the bytes are right. */
  check(): string | undefined;
}

/** How the content of a blob named `etag` is hashed: sha256 for a 64-hex ETag, git's blob sha1 for a 40-hex one. */
export interface HashSpec {
  algorithm: "sha256" | "sha1";
  /** Bytes hashed before the content (`blob <size>\0` for git ids). */
  prefix: string | undefined;
}

/** The hash that names a blob, or `undefined` for other ETags (only the size is checked then). */
export function hashSpec(etag: string, size: number | undefined): HashSpec | undefined {
  if (/^[0-9a-f]{64}$/.test(etag)) return { algorithm: "sha256", prefix: undefined };
  if (/^[0-9a-f]{40}$/.test(etag) && size !== undefined) return { algorithm: "sha1", prefix: `blob ${size}\0` };
  return undefined;
}

/** The mismatch between a digest and the ETag, in words. */
export function digestMismatch(digest: string, etag: string): string | undefined {
  return digest === etag ? undefined : `content hash ${digest} does not match ETag ${etag}`;
}

/**
 * A verifier for a blob of `size` bytes named `etag`: a 64-hex ETag is a sha256 of the content, a
 * 40-hex ETag a git blob id (`sha1("blob <size>\0" + content)`); other ETags only get a size check.
 */
export function createBlobVerifier(etag: string, size: number | undefined): BlobVerifier {
  const spec = hashSpec(etag, size);
  let hash: Hash | undefined;
  if (spec) {
    hash = createHash(spec.algorithm);
    if (spec.prefix) hash.update(spec.prefix);
  }
  let received = 0;
  return {
    update(chunk) {
      received += chunk.byteLength;
      hash?.update(chunk);
    },
    check() {
      if (size !== undefined && received !== size) return `expected ${size} bytes, got ${received}`;
      const digest = hash?.digest("hex");
      return digest === undefined ? undefined : digestMismatch(digest, etag);
    },
  };
}
