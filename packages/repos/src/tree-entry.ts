import { isRecord, optionalDate, optionalNumber, optionalString } from "@hub/core/internal";
import type { LfsInfo } from "./repo-info-types.ts";
import { toLfsInfo } from "./to-repo-info.ts";

/** The last commit that touched an entry (tree listings with `expand`). */
export interface LastCommit {
  /** Commit id (40 hex). */
  id: string;
  /** Commit title. */
  title: string;
  /** Commit date. */
  date: Date | undefined;
}

/** A file in a tree listing or paths-info answer. */
export interface RepoFile {
  type: "file";
  /** Path relative to the repository root. */
  path: string;
  /** Content size in bytes (for LFS files, the content, not the pointer). */
  size: number;
  /** Git object id (for LFS files, of the pointer). */
  blobId: string;
  /** LFS metadata for LFS files. */
  lfs: LfsInfo | undefined;
  /** Xet hash (64 hex) of a file stored in Xet, when the server lists it. */
  xetHash: string | undefined;
  /** Last commit touching the file, with `expand` only. */
  lastCommit: LastCommit | undefined;
  /** Security scan status, with `expand` only. */
  securityFileStatus: Record<string, unknown> | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** A folder in a tree listing or paths-info answer. */
export interface RepoFolder {
  type: "directory";
  /** Path relative to the repository root. */
  path: string;
  /** Git tree id. */
  treeId: string;
  /** Last commit touching the folder, with `expand` only. */
  lastCommit: LastCommit | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** Converts a tree entry of the server. */
export function toTreeEntry(raw: unknown): RepoFile | RepoFolder {
  const object = isRecord(raw) ? raw : {};
  const lastCommit = isRecord(object.lastCommit)
    ? {
        id: optionalString(object.lastCommit.id) ?? "",
        title: optionalString(object.lastCommit.title) ?? "",
        date: optionalDate(object.lastCommit.date),
      }
    : undefined;
  if (object.type === "directory") {
    return {
      type: "directory",
      path: optionalString(object.path) ?? "",
      treeId: optionalString(object.oid) ?? "",
      lastCommit,
      raw: object,
    };
  }
  return {
    type: "file",
    path: optionalString(object.path) ?? "",
    size: optionalNumber(object.size) ?? 0,
    blobId: optionalString(object.oid) ?? "",
    lfs: toLfsInfo(object.lfs),
    xetHash: xetHashOf(object.xetHash),
    lastCommit,
    securityFileStatus: isRecord(object.securityFileStatus) ? object.securityFileStatus : undefined,
    raw: object,
  };
}

function xetHashOf(value: unknown): string | undefined {
  const text = optionalString(value)?.toLowerCase();
  return text !== undefined && /^[0-9a-f]{64}$/.test(text) ? text : undefined;
}
