/** Encodes a revision as one path segment: `refs/pr/1` becomes `refs%2Fpr%2F1`. */
export function encodeRevision(revision: string): string {
  return encodeURIComponent(revision);
}

/** Encodes a path in a repo segment by segment, keeping the `/` separators. */
export function encodePathInRepo(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Encodes a repo id segment by segment (`namespace/name`). */
export function encodeRepoId(repoId: string): string {
  return encodePathInRepo(repoId);
}
