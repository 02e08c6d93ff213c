import { EMPTY_TREE_OID } from "../git/hash.ts";
import { EntryNotFound, InvalidInput } from "./errors.ts";
import type { Database } from "./database.ts";
import { getTreeEntries, insertTree } from "./objects.ts";

type Node = { kind: "blob"; oid: string } | { kind: "tree"; oid: string; children?: Map<string, Node> };

/**
 * Applies file additions and deletions to a git tree, loading only the directories it touches,
 * and writes the changed trees back (bottom-up, git-hashed). Empty directories disappear.
 */
export class TreeEditor {
  readonly #db: Database;
  readonly #root: Node & { kind: "tree" };

  constructor(db: Database, rootOid: string) {
    this.#db = db;
    this.#root = { kind: "tree", oid: rootOid };
  }

  /** Adds or replaces a file. */
  setFile(path: string, blobOid: string): void {
    const segments = path.split("/");
    const name = segments.pop()!;
    const directory = this.#directory(segments, true, path)!;
    const existing = directory.get(name);
    if (existing?.kind === "tree") throw new InvalidInput(`Cannot add file ${path}: a folder with that name exists`);
    directory.set(name, { kind: "blob", oid: blobOid });
  }

  /** Deletes a file; 404 EntryNotFound when there is none. */
  deleteFile(path: string): void {
    const segments = path.split("/");
    const name = segments.pop()!;
    const directory = this.#directory(segments, false, path);
    if (!directory || directory.get(name)?.kind !== "blob") {
      throw new EntryNotFound(path, `A file with this name doesn't exist: ${path}`);
    }
    directory.delete(name);
  }

  /** Deletes a folder and everything in it; 404 EntryNotFound when there is none. */
  deleteFolder(path: string): void {
    const segments = path.replace(/\/+$/, "").split("/");
    const name = segments.pop()!;
    const directory = this.#directory(segments, false, path);
    if (!directory || directory.get(name)?.kind !== "tree") throw new EntryNotFound(path);
    directory.delete(name);
  }

  /** The blob oid at `path`, if a file is there. */
  fileOid(path: string): string | undefined {
    const segments = path.split("/");
    const name = segments.pop()!;
    const node = this.#directory(segments, false, path)?.get(name);
    return node?.kind === "blob" ? node.oid : undefined;
  }

  /** Writes every loaded directory and returns the new root tree oid. */
  write(): string {
    return this.#writeNode(this.#root) ?? EMPTY_TREE_OID;
  }

  #writeNode(node: Node & { kind: "tree" }): string | undefined {
    if (!node.children) return node.oid === EMPTY_TREE_OID ? undefined : node.oid;
    const entries = [];
    for (const [name, child] of node.children) {
      if (child.kind === "blob") entries.push({ name, kind: "blob" as const, oid: child.oid });
      else {
        const oid = this.#writeNode(child);
        if (oid) entries.push({ name, kind: "tree" as const, oid });
      }
    }
    return entries.length === 0 ? undefined : insertTree(this.#db, entries);
  }

  #children(node: Node & { kind: "tree" }): Map<string, Node> {
    if (!node.children) {
      node.children = new Map(getTreeEntries(this.#db, node.oid).map((entry) => [entry.name, { kind: entry.kind, oid: entry.oid }]));
    }
    return node.children;
  }

  #directory(segments: string[], create: boolean, fullPath: string): Map<string, Node> | undefined {
    let node = this.#root;
    for (const segment of segments) {
      const children = this.#children(node);
      let child = children.get(segment);
      if (!child) {
        if (!create) return undefined;
        child = { kind: "tree", oid: EMPTY_TREE_OID, children: new Map() };
        children.set(segment, child);
      }
      if (child.kind !== "tree") {
        if (!create) return undefined;
        throw new InvalidInput(`Cannot add ${fullPath}: ${segment} is a file`);
      }
      node = child;
    }
    return this.#children(node);
  }
}
