import { Hono } from "hono";
import type { ServerContext } from "./context.ts";
import { corsMiddleware, requestIdMiddleware } from "./http/common-headers.ts";
import { HttpError } from "./http/errors.ts";
import { rateLimitMiddleware } from "./http/rate-limit.ts";
import { hfWarningMiddleware } from "./http/warnings.ts";
import { errorResponse, json } from "./http/respond.ts";
import { register as registerCommit } from "./routes/commit.ts";
import { register as registerCommits } from "./routes/commits.ts";
import { register as registerDiscussions } from "./routes/discussions.ts";
import { register as registerInfo } from "./routes/info.ts";
import { register as registerLfs } from "./routes/lfs.ts";
import { register as registerLikes } from "./routes/likes.ts";
import { register as registerRefs } from "./routes/refs.ts";
import { register as registerRepos } from "./routes/repos.ts";
import { register as registerResolve } from "./routes/resolve.ts";
import { register as registerSearch } from "./routes/search.ts";
import { register as registerSpaces } from "./routes/spaces.ts";
import { register as registerTree } from "./routes/tree.ts";
import { register as registerWhoami } from "./routes/whoami.ts";
import { register as registerXet } from "./routes/xet.ts";

/** A route module: adds its routes to the Hono app and/or the repo router. */
export type RouteModule = (app: Hono, context: ServerContext) => void;

/** The built-in route modules, in mounting order. */
export const ROUTE_MODULES: RouteModule[] = [
  registerWhoami,
  registerRepos,
  registerInfo,
  registerTree,
  registerResolve,
  registerRefs,
  registerCommits,
  registerCommit,
  registerLfs,
  registerLikes,
  registerDiscussions,
  registerSpaces,
  registerSearch,
  registerXet,
];

/** Builds the Hono app: request ids, CORS, errors, every route module, then the repo-scoped catch-alls. */
export function buildApp(context: ServerContext, extraModules: RouteModule[] = []): Hono {
  const app = new Hono();
  app.use("*", requestIdMiddleware());
  app.use("*", corsMiddleware());
  app.onError((error) => errorResponse(error));
  if (context.config.rateLimit) app.use("*", rateLimitMiddleware(context.config.rateLimit));
  if (context.config.hfWarnings?.length) app.use("*", hfWarningMiddleware(context.config.hfWarnings));
  // Liveness probe: exempt from injected faults and rate limits.
  app.get("/health", () => json({ status: "ok" }));
  for (const module of [...ROUTE_MODULES, ...extraModules]) module(app, context);
  app.all("/api/:type{models|datasets|spaces}/*", async (c) => {
    const response = await context.router.dispatchApi(c);
    if (response) return response;
    throw new HttpError(404, `Not found: ${c.req.method} ${new URL(c.req.url).pathname}`);
  });
  app.all("*", async (c) => {
    const response = await context.router.dispatchWeb(c);
    if (response) return response;
    throw new HttpError(404, `Not found: ${c.req.method} ${new URL(c.req.url).pathname}`);
  });
  return app;
}
