import { createHash } from "node:crypto";

/** Object id of git's empty tree. */
export const EMPTY_TREE_OID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/** Git blob object id: sha1("blob <len>\0" + bytes), as `git hash-object` computes it. */
export function gitBlobOid(content: Uint8Array): string {
  return createHash("sha1").update(`blob ${content.byteLength}\0`).update(content).digest("hex");
}

/** Hex sha256 of some bytes. */
export function sha256Hex(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The text of a git-lfs pointer file for an object (three `\n`-terminated lines). */
export function lfsPointerText(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** Git blob oid and byte length of the LFS pointer for an object. */
export function lfsPointerInfo(sha256: string, size: number): { oid: string; pointerSize: number } {
  const pointer = Buffer.from(lfsPointerText(sha256, size));
  return { oid: gitBlobOid(pointer), pointerSize: pointer.byteLength };
}

/** One entry of a git tree object. */
export interface GitTreeEntry {
  name: string;
  kind: "blob" | "tree";
  oid: string;
}

/** Sorts tree entries the way git does: by name, with directories compared as `name/`. */
export function sortTreeEntries<T extends GitTreeEntry>(entries: T[]): T[] {
  const key = (entry: T) => Buffer.from(entry.kind === "tree" ? `${entry.name}/` : entry.name);
  return [...entries].sort((a, b) => Buffer.compare(key(a), key(b)));
}

/** Git tree object id, as `git mktree` computes it. */
export function gitTreeOid(entries: GitTreeEntry[]): string {
  const parts: Buffer[] = [];
  for (const entry of sortTreeEntries(entries)) {
    const mode = entry.kind === "tree" ? "40000" : "100644";
    parts.push(Buffer.from(`${mode} ${entry.name}\0`), Buffer.from(entry.oid, "hex"));
  }
  const body = Buffer.concat(parts);
  return createHash("sha1").update(`tree ${body.byteLength}\0`).update(body).digest("hex");
}

/** What a git commit object is made of. */
export interface GitCommitFields {
  treeOid: string;
  parentOids: string[];
  authorName: string;
  authorEmail: string;
  /** Unix time in seconds. */
  timestamp: number;
  message: string;
}

/** The raw text of a git commit object. */
export function gitCommitText(fields: GitCommitFields): string {
  const signature = `${fields.authorName} <${fields.authorEmail}> ${fields.timestamp} +0000`;
  const lines = [`tree ${fields.treeOid}`, ...fields.parentOids.map((oid) => `parent ${oid}`)];
  lines.push(`author ${signature}`, `committer ${signature}`);
  return `${lines.join("\n")}\n\n${fields.message}`;
}

/** Git commit object id, as `git hash-object -t commit` computes it. */
export function gitCommitOid(fields: GitCommitFields): string {
  const body = Buffer.from(gitCommitText(fields));
  return createHash("sha1").update(`commit ${body.byteLength}\0`).update(body).digest("hex");
}
