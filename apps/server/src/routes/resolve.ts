import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { canRead } from "../http/access.ts";
import { authenticate } from "../http/auth.ts";
import { badRequest, entryNotFound, repoNotFound, revisionNotFound } from "../http/errors.ts";
import { splitRevisionAndPath, validateRepoPath } from "../http/paths.ts";
import { parseRange } from "../http/range.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { repoUrlPrefix } from "../http/urls.ts";
import { lfsPointerText } from "../git/hash.ts";
import { lookupPath } from "../storage/objects.ts";
import { findRedirect, findRepo } from "../storage/repos.ts";
import { resolveRevision } from "../storage/revisions.ts";

/** File download: `GET|HEAD /{prefix}{repo}/resolve/{rev}/{path}` and `/raw/{rev}/{path}` (Range supported). */
export function register(_app: Hono, context: ServerContext): void {
  context.router.web(["GET", "HEAD"], "resolve", (c, target) => serveFile(c, context, target, "resolve"));
  context.router.web(["GET", "HEAD"], "raw", (c, target) => serveFile(c, context, target, "raw"));
}

async function serveFile(c: Context, context: ServerContext, target: RepoTarget, mode: "resolve" | "raw"): Promise<Response> {
  const auth = authenticate(c, context.db);
  const repo = findRepo(context.db, target.type, target.repoId);
  if (!repo || !canRead(context.db, repo, auth)) {
    const moved = repo ? undefined : findRedirect(context.db, target.type, target.repoId);
    if (moved && canRead(context.db, moved, auth)) {
      const url = new URL(c.req.url);
      const location = `/${repoUrlPrefix(moved.type)}${moved.fullName}/${mode}/${target.tail.join("/")}${url.search}`;
      return new Response(null, { status: 307, headers: { Location: location } });
    }
    throw repoNotFound(target.repoId, auth === null);
  }
  const { revision, path } = splitRevisionAndPath(target.tail);
  if (!revision || !path) throw badRequest(`Expected /${mode}/{revision}/{path}`);
  validateRepoPath(path);
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const commitHeader = { "X-Repo-Commit": resolved.commit.oid };
  const entry = lookupPath(context.db, resolved.commit.treeOid, path);
  if (!entry?.blob) throw entryNotFound(path, commitHeader);
  const blob = entry.blob;
  const headers = new Headers({
    ...commitHeader,
    "Accept-Ranges": "bytes",
    "Content-Type": "application/octet-stream",
    "Content-Disposition": contentDisposition(path),
    "Cache-Control": "private, max-age=0, must-revalidate",
  });
  let size: number;
  let open: (start: number, end: number) => ReadableStream<Uint8Array>;
  if (blob.lfs && mode === "raw") {
    const pointer = Buffer.from(lfsPointerText(blob.sha256, blob.size));
    size = pointer.byteLength;
    headers.set("ETag", `"${blob.oid}"`);
    open = (start, end) => new Blob([pointer.subarray(start, end + 1)]).stream();
  } else {
    size = blob.size;
    const etag = blob.lfs ? `"${blob.sha256}"` : `"${blob.oid}"`;
    headers.set("ETag", etag);
    if (blob.lfs) {
      headers.set("X-Linked-Etag", etag);
      headers.set("X-Linked-Size", String(blob.size));
    }
    open = (start, end) => context.blobs.read(blob.sha256, start, end);
  }
  if (c.req.header("if-none-match") === headers.get("ETag")) return new Response(null, { status: 304, headers });
  if (size === 0) {
    headers.set("Content-Length", "0");
    headers.set("Content-Range", "bytes */0");
    return new Response(null, { status: 200, headers });
  }
  const range = parseRange(c.req.header("range"), size);
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  headers.set("Content-Length", String(end - start + 1));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;
  if (c.req.method === "HEAD") return new Response(null, { status, headers });
  if (mode === "resolve" && !range) context.db.prepare("UPDATE repos SET downloads = downloads + 1 WHERE id = ?").run(repo.id);
  return new Response(open(start, end), { status, headers });
}

function contentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename*=UTF-8''${encodeURIComponent(name)}; filename="${ascii}"`;
}
