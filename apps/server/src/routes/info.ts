import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo } from "../http/access.ts";
import { authenticate } from "../http/auth.ts";
import { badRequest, revisionNotFound } from "../http/errors.ts";
import { isTrueFlag, splitRevisionAndPath } from "../http/paths.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json } from "../http/respond.ts";
import { likeCount, readCardData, siblingsOf, tagsFromCard } from "../storage/repo-summary.ts";
import { spaceRuntime } from "../storage/spaces.ts";
import { resolveRevision } from "../storage/revisions.ts";
import { walkTree, type CommitRecord } from "../storage/objects.ts";

/** Repo info: `GET /api/{type}s/{repo}` and `GET /api/{type}s/{repo}/revision/{rev}` (HEAD accepted). */
export function register(_app: Hono, context: ServerContext): void {
  context.router.api("GET", "", (c, target) => repoInfo(c, context, target, "HEAD"));
  context.router.api("GET", "revision", (c, target) => {
    const { revision, path } = splitRevisionAndPath(target.tail);
    if (!revision || path) throw badRequest("Expected /revision/{revision}");
    return repoInfo(c, context, target, revision);
  });
}

function usedStorage(context: ServerContext, commit: CommitRecord): number {
  return walkTree(context.db, commit.treeOid, "", true).reduce((total, entry) => total + (entry.blob?.size ?? 0), 0);
}

function repoInfo(c: Context, context: ServerContext, target: RepoTarget, revision: string): Response {
  const auth = authenticate(c, context.db);
  const repo = readableRepo(context.db, target.type, target.repoId, auth);
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const { commit } = resolved;
  const query = new URL(c.req.url).searchParams;
  const card = readCardData(context.db, context.blobs, commit);
  let siblings: Array<Record<string, unknown>> | undefined = siblingsOf(context.db, commit, isTrueFlag(query.get("blobs")));
  // The Hub cuts `siblings` short for large repos: clients must list files with the tree.
  if (siblings.length > context.config.maxSiblings) {
    siblings = context.config.siblingsOverflow === "omit" ? undefined : siblings.slice(0, context.config.maxSiblings);
  }
  const info: Record<string, unknown> = {
    _id: repo.objectId,
    id: repo.fullName,
    author: repo.namespace,
    sha: commit.oid,
    lastModified: commit.createdAt,
    createdAt: repo.createdAt,
    private: repo.private,
    gated: repo.gated,
    disabled: repo.disabled,
    likes: likeCount(context.db, repo.id),
    downloads: repo.downloads,
    downloadsAllTime: repo.downloads,
    trendingScore: 0,
    tags: tagsFromCard(repo, card),
    ...(siblings ? { siblings } : {}),
    usedStorage: usedStorage(context, commit),
    xetEnabled: false,
  };
  if (card) info.cardData = card;
  if (repo.type === "model") {
    info.modelId = repo.fullName;
    if (typeof card?.pipeline_tag === "string") info.pipeline_tag = card.pipeline_tag;
    if (typeof card?.library_name === "string") info.library_name = card.library_name;
    info.spaces = [];
    if (query.has("securityStatus")) info.securityStatus = { containsInfected: false, scansDone: true };
  } else if (repo.type === "dataset") {
    Object.assign(info, {
      description: typeof card?.description === "string" ? card.description : "",
      citation: "",
      paperswithcode_id: null,
      key: "",
    });
  } else {
    const cardString = (key: string) => (typeof card?.[key] === "string" ? card[key] : undefined);
    Object.assign(info, {
      sdk: repo.sdk ?? cardString("sdk"),
      subdomain: `${repo.namespace}-${repo.name}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
      runtime: spaceRuntime(context.db, repo, context.config.spaceBuildDelayMs ?? 0),
      models: [],
      datasets: [],
      title: cardString("title"),
      emoji: cardString("emoji"),
      colorFrom: cardString("colorFrom"),
      colorTo: cardString("colorTo"),
      pinned: card?.pinned === true,
    });
  }
  const expand = [...query.getAll("expand"), ...query.getAll("expand[]")];
  if (expand.length === 0) return json(info);
  const picked: Record<string, unknown> = { _id: info._id, id: info.id };
  for (const key of expand) if (key in info) picked[key] = info[key];
  return json(picked);
}
