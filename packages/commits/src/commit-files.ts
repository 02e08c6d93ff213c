import type { ByteSource } from "./byte-source.ts";

// The per-file records `createCommit` passes from phase to phase. Each phase returns new records
// (nothing is mutated), and a field exists only once the phase that knows it has run: a
// `PreuploadedFile` has the server's upload mode, a `HashedFile` of LFS mode has its SHA-256.

/** Phase `plan`: an added file (or a regular file copied by content), readable again range by range. */
export interface PlannedFile {
  readonly path: string;
  readonly source: ByteSource;
  readonly size: number;
}

/**
 * Phase `preupload`: what the server decided, and (files up to 256 KiB, within a memory budget) the
 * whole content read once then, so that the sample, the hash, the PUT body and the commit line all
 * come from that one read.
 */
export interface PreuploadedFile extends PlannedFile {
  readonly uploadMode: "lfs" | "regular";
  /** The id of the file already at this path on the server (git blob id, or SHA-256 for LFS), when there is one. */
  readonly remoteOid: string | undefined;
  readonly bytes: Uint8Array | undefined;
}

/** Phase `hash`: a regular file, sent inline in the commit (no SHA-256 needed). */
export interface RegularFile extends PreuploadedFile {
  readonly uploadMode: "regular";
}

/** Phase `hash`: an LFS file with its SHA-256 (the LFS object id). */
export interface LfsFile extends PreuploadedFile {
  readonly uploadMode: "lfs";
  readonly sha256: string;
}

/** Phase `hash` and after: every kept file, regular or LFS. */
export type HashedFile = RegularFile | LfsFile;

/** Only the bytes of a file: what the commit body and the transfers read. */
export type FileBytes = Pick<PreuploadedFile, "path" | "source" | "size" | "bytes">;
