import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo } from "../http/access.ts";
import { authenticate, requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, forbidden } from "../http/errors.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json } from "../http/respond.ts";
import { nextLink, requestUrlOnOrigin } from "../http/urls.ts";
import { findAccount } from "../storage/accounts.ts";
import { statement } from "../storage/statements.ts";

/** Message of the 403 answered to likes made with a token when `refuseTokenLikes` is on (the Hub's exact text is not known). */
export const TOKEN_LIKE_MESSAGE = "Liking a repository with an access token is not allowed: like it on the website";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Likes: `POST|DELETE .../like` (idempotent), `GET .../likers`, `GET /api/users/{user}/likes` (public repos only). */
export function register(app: Hono, context: ServerContext): void {
  context.router.api("POST", "like", (c, target) => setLike(c, context, target, true));
  context.router.api("DELETE", "like", (c, target) => setLike(c, context, target, false));
  context.router.api("GET", "likers", (c, target) => listLikers(c, context, target));
  app.get("/api/users/:user/likes", (c) => listUserLikes(c, context));
}

function setLike(c: Context, context: ServerContext, target: RepoTarget, liked: boolean): Response {
  const auth = requireAuth(c, context.db);
  const repo = readableRepo(context.db, target.type, target.repoId, auth);
  // The Hub no longer lets scripts like repos; unliking still works.
  if (liked && context.config.refuseTokenLikes) throw forbidden(TOKEN_LIKE_MESSAGE);
  if (liked) {
    statement(context.db, "INSERT OR IGNORE INTO likes (user_id, repo_id, created_at) VALUES (?, ?, ?)").run(
      auth.user.id,
      repo.id,
      new Date().toISOString(),
    );
  } else {
    statement(context.db, "DELETE FROM likes WHERE user_id = ? AND repo_id = ?").run(auth.user.id, repo.id);
  }
  return json({});
}

function pageOf(c: Context): { limit: number; offset: number } {
  const query = new URL(c.req.url).searchParams;
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(query.get("limit")) || DEFAULT_LIMIT));
  const offset = Number(query.get("cursor") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest("Invalid cursor");
  return { limit, offset };
}

function paginated(c: Context, context: ServerContext, items: unknown[], limit: number, offset: number): Response {
  const headers: Record<string, string> = {};
  if (items.length > limit) {
    const next = requestUrlOnOrigin(c, context);
    next.searchParams.set("cursor", String(offset + limit));
    headers.Link = nextLink(next);
  }
  return json(items.slice(0, limit), 200, headers);
}

function listLikers(c: Context, context: ServerContext, target: RepoTarget): Response {
  const repo = readableRepo(context.db, target.type, target.repoId, authenticate(c, context.db));
  const { limit, offset } = pageOf(c);
  const rows = statement(
    context.db,
    `SELECT a.name, a.fullname FROM likes l JOIN accounts a ON a.id = l.user_id
       WHERE l.repo_id = ? ORDER BY l.created_at DESC, a.name LIMIT ? OFFSET ?`,
  ).all(repo.id, limit + 1, offset) as Array<{ name: string; fullname: string }>;
  const items = rows.map((row) => ({ user: row.name, fullname: row.fullname, type: "user", avatarUrl: `/avatars/${row.name}.svg` }));
  return paginated(c, context, items, limit, offset);
}

function listUserLikes(c: Context, context: ServerContext): Response {
  authenticate(c, context.db);
  const user = findAccount(context.db, c.req.param("user") ?? "");
  if (!user || user.type !== "user") throw new HttpError(404, `User not found: ${c.req.param("user")}`);
  const { limit, offset } = pageOf(c);
  const rows = statement(
    context.db,
    `SELECT l.created_at, r.namespace, r.name, r.type FROM likes l JOIN repos r ON r.id = l.repo_id
       WHERE l.user_id = ? AND r.private = 0 ORDER BY l.created_at DESC, r.id DESC LIMIT ? OFFSET ?`,
  ).all(user.id, limit + 1, offset) as Array<{ created_at: string; namespace: string; name: string; type: string }>;
  const items = rows.map((row) => ({ createdAt: row.created_at, repo: { name: `${row.namespace}/${row.name}`, type: row.type } }));
  return paginated(c, context, items, limit, offset);
}
