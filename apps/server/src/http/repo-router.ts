import type { Context } from "hono";
import { REPO_TYPES, type RepoType } from "../storage/repos.ts";
import { HttpError } from "./errors.ts";

/** The repo a request designates, and the raw (encoded) path segments after its action. */
export interface RepoTarget {
  type: RepoType;
  /** `namespace/name` (or a legacy single-segment name). */
  repoId: string;
  /** Raw URL segments after the action; decode them with `decodeSegment`. */
  tail: string[];
}

/** Handles one repo-scoped route. */
export type RepoHandler = (c: Context, target: RepoTarget) => Response | Promise<Response>;

type Space = "api" | "web" | "git";

/** Checks a request to a repo before its handler runs; throws an `HttpError` to refuse it. */
export type RepoGuard = (c: Context, type: RepoType, repoId: string) => void;

/** Gives the canonical id of a repo named differently (other case, old name), or undefined to go on. */
export type RepoCanonicalizer = (c: Context, type: RepoType, repoId: string) => string | undefined;

const PLURAL_TO_TYPE: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };

/**
 * Routes repo-scoped URLs, whose repo ids contain a `/` and whose revisions may too:
 * `/api/{type}s/{ns}/{name}/{action}/...` (api), `/{prefix}{ns}/{name}/{action}/...` (web:
 * resolve, raw) and `/{prefix}{ns}/{name}.git/...` (git: LFS). Route modules add handlers by
 * action name; later modules (discussions, spaces...) do the same.
 */
export class RepoRouter {
  readonly #handlers = new Map<string, RepoHandler>();
  readonly #actions: Record<Space, Set<string>> = { api: new Set(), web: new Set(), git: new Set() };
  #canonicalizer: RepoCanonicalizer | undefined;
  #guard: RepoGuard | undefined;

  /** Runs before every repo handler (after the canonical redirect) and may refuse the request by throwing. */
  guard(guard: RepoGuard | undefined): void {
    this.#guard = guard;
  }

  /**
   * Answers requests whose repo id is not the canonical one with a 307 to the same URL under the
   * canonical id (relative `Location`, query kept), before any handler runs, on every repo route.
   */
  redirectToCanonical(canonicalizer: RepoCanonicalizer | undefined): void {
    this.#canonicalizer = canonicalizer;
  }

  /** `/api/{type}s/{repo}/{action}/...`; the empty action is the repo itself. */
  api(methods: string | string[], action: string, handler: RepoHandler): void {
    this.#add("api", methods, action, handler);
  }

  /** `/{prefix}{repo}/{action}/...` (resolve, raw). */
  web(methods: string | string[], action: string, handler: RepoHandler): void {
    this.#add("web", methods, action, handler);
  }

  /** `/{prefix}{repo}.git/{action}/...`, action being the first segment after `.git` (e.g. `info`). */
  git(methods: string | string[], action: string, handler: RepoHandler): void {
    this.#add("git", methods, action, handler);
  }

  #add(space: Space, methods: string | string[], action: string, handler: RepoHandler): void {
    for (const method of Array.isArray(methods) ? methods : [methods]) {
      this.#handlers.set(`${space} ${method.toUpperCase()} ${action}`, handler);
    }
    this.#actions[space].add(action);
  }

  /** Dispatches an `/api/{type}s/...` request; undefined when no route matches. */
  dispatchApi(c: Context): Response | Promise<Response> | undefined {
    const segments = rawSegments(c).slice(1);
    const type = PLURAL_TO_TYPE[segments[0] ?? ""];
    if (!type) return undefined;
    const rest = segments.slice(1);
    if (rest.length === 0) return undefined;
    const twoSegments = rest.length >= 2 && (rest.length === 2 || this.#actions.api.has(rest[2]!));
    const idLength = twoSegments ? 2 : 1;
    const action = rest[idLength] ?? "";
    const rebuild = (id: string) => `/api/${segments[0]}/${id}/${rest.slice(idLength).join("/")}`;
    return this.#run(c, "api", action, { type, repoId: rest.slice(0, idLength).join("/"), tail: rest.slice(idLength + 1) }, rebuild);
  }

  /** Dispatches a web or git request (`/{prefix}{repo}/resolve/...`, `/{prefix}{repo}.git/...`). */
  dispatchWeb(c: Context): Response | Promise<Response> | undefined {
    let segments = rawSegments(c);
    let type: RepoType = "model";
    let prefix = "/";
    if ((segments[0] === "datasets" || segments[0] === "spaces") && segments.length > 2) {
      type = PLURAL_TO_TYPE[segments[0]]!;
      prefix = `/${segments[0]}/`;
      segments = segments.slice(1);
    }
    const gitIndex = segments.findIndex((segment, index) => index < 2 && segment.endsWith(".git"));
    if (gitIndex >= 0) {
      const id = [...segments.slice(0, gitIndex), segments[gitIndex]!.slice(0, -4)].join("/");
      const rebuild = (canonical: string) => `${prefix}${canonical}.git/${segments.slice(gitIndex + 1).join("/")}`;
      return this.#run(c, "git", segments[gitIndex + 1] ?? "", { type, repoId: id, tail: segments.slice(gitIndex + 2) }, rebuild);
    }
    const twoSegments = segments.length >= 3 && this.#actions.web.has(segments[2]!);
    const idLength = twoSegments ? 2 : 1;
    const action = segments[idLength];
    if (action === undefined || !this.#actions.web.has(action)) return undefined;
    const rebuild = (id: string) => `${prefix}${id}/${segments.slice(idLength).join("/")}`;
    return this.#run(
      c,
      "web",
      action,
      { type, repoId: segments.slice(0, idLength).join("/"), tail: segments.slice(idLength + 1) },
      rebuild,
    );
  }

  #run(
    c: Context,
    space: Space,
    action: string,
    target: RepoTarget,
    rebuild: (id: string) => string,
  ): Response | Promise<Response> | undefined {
    if (!this.#actions[space].has(action)) return undefined;
    const method = c.req.method === "HEAD" && !this.#handlers.has(`${space} HEAD ${action}`) ? "GET" : c.req.method;
    const handler = this.#handlers.get(`${space} ${method} ${action}`);
    if (!handler) throw new HttpError(405, `Method ${c.req.method} not allowed here`);
    if (target.repoId.split("/").some((part) => part === "")) return undefined;
    const repoId = target.repoId
      .split("/")
      .map((part) => decodeURIComponent(part))
      .join("/");
    const canonical = this.#canonicalizer?.(c, target.type, repoId);
    if (canonical !== undefined && canonical !== repoId) {
      const query = c.req.url.indexOf("?");
      const location =
        rebuild(canonical.split("/").map(encodeURIComponent).join("/")).replace(/\/$/, "") + (query < 0 ? "" : c.req.url.slice(query));
      return new Response(null, { status: 307, headers: { Location: location } });
    }
    this.#guard?.(c, target.type, repoId);
    return handler(c, { ...target, repoId });
  }
}

function rawSegments(c: Context): string[] {
  const url = c.req.url;
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const queryStart = url.indexOf("?", pathStart);
  const path = url.slice(pathStart, queryStart < 0 ? undefined : queryStart);
  const segments = path.split("/").slice(1);
  if (segments.at(-1) === "") segments.pop();
  return segments;
}
