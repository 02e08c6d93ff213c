import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { isNamespaceMember, readableRepo, writableRepo } from "../http/access.ts";
import { authenticate, requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, forbidden } from "../http/errors.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { publicOrigin, repoWebUrl } from "../http/urls.ts";
import type { Repo } from "../storage/repos.ts";
import { duplicateSpace } from "../storage/space-duplicate.ts";
import {
  SPACE_KEY_PATTERN,
  deleteKeyValue,
  getSpaceState,
  listKeyValues,
  saveSpaceState,
  spaceRuntime,
  upsertKeyValue,
} from "../storage/spaces.ts";

/**
 * Spaces: runtime, hardware, secrets, variables, pause, restart, sleep time, dev mode and duplicate,
 * under `/api/spaces/{repo}/...`. The runtime is simulated and computed at read time.
 */
export function register(_app: Hono, context: ServerContext): void {
  const { router } = context;
  const runtimeOf = (repo: Repo) => json(spaceRuntime(context.db, repo, context.config.spaceBuildDelayMs ?? 0));
  router.api("GET", "runtime", (c, target) => runtimeOf(readable(c, context, target)));
  router.api("POST", "hardware", async (c, target) => {
    const repo = writable(c, context, target);
    const body = await readJsonObject(c);
    if (typeof body.flavor !== "string" || body.flavor === "") throw badRequest("flavor is required");
    const state = getSpaceState(context.db, repo);
    state.requestedHardware = body.flavor === state.hardware ? null : body.flavor;
    if (body.sleepTimeSeconds !== undefined) state.sleepTime = parseSleepTime(body.sleepTimeSeconds);
    saveSpaceState(context.db, repo, state);
    return runtimeOf(repo);
  });
  router.api("POST", "sleeptime", async (c, target) => {
    const repo = writable(c, context, target);
    const body = await readJsonObject(c);
    const state = getSpaceState(context.db, repo);
    state.sleepTime = parseSleepTime(body.seconds);
    saveSpaceState(context.db, repo, state);
    return runtimeOf(repo);
  });
  router.api("POST", "pause", (c, target) => {
    const repo = writable(c, context, target);
    saveSpaceState(context.db, repo, { ...getSpaceState(context.db, repo), paused: true });
    return runtimeOf(repo);
  });
  router.api("POST", "restart", (c, target) => {
    const repo = writable(c, context, target);
    const state = getSpaceState(context.db, repo);
    // A restart applies the requested hardware and starts a new build; `?factory=true` (a rebuild
    // without cache on the Hub) is accepted and behaves the same in this simulation.
    saveSpaceState(context.db, repo, {
      ...state,
      hardware: state.requestedHardware ?? state.hardware,
      requestedHardware: null,
      paused: false,
      restartedAt: Date.now(),
    });
    return runtimeOf(repo);
  });
  router.api("POST", "dev-mode", async (c, target) => {
    const repo = writable(c, context, target);
    const body = await readJsonObject(c);
    if (typeof body.enabled !== "boolean") throw badRequest("enabled must be a boolean");
    saveSpaceState(context.db, repo, { ...getSpaceState(context.db, repo), devMode: body.enabled });
    return runtimeOf(repo);
  });
  router.api("GET", "secrets", (c, target) => {
    const repo = writable(c, context, target);
    const secrets: Record<string, Record<string, string>> = {};
    for (const row of listKeyValues(context.db, "space_secrets", repo)) {
      secrets[row.key] = { ...(row.description === null ? {} : { description: row.description }), updatedAt: row.updatedAt };
    }
    return json(secrets);
  });
  router.api("POST", "secrets", async (c, target) => {
    const repo = writable(c, context, target);
    upsertKeyValue(context.db, "space_secrets", repo, parseKeyValue(await readJsonObject(c)));
    return json({});
  });
  router.api("DELETE", "secrets", async (c, target) => {
    const repo = writable(c, context, target);
    deleteKeyValue(context.db, "space_secrets", repo, parseKey((await readJsonObject(c)).key));
    return json({});
  });
  const variablesOf = (repo: Repo) => {
    const variables: Record<string, Record<string, string>> = {};
    for (const row of listKeyValues(context.db, "space_variables", repo)) {
      variables[row.key] = {
        value: row.value,
        ...(row.description === null ? {} : { description: row.description }),
        updatedAt: row.updatedAt,
      };
    }
    return json(variables);
  };
  router.api("GET", "variables", (c, target) => variablesOf(readable(c, context, target)));
  router.api("POST", "variables", async (c, target) => {
    const repo = writable(c, context, target);
    upsertKeyValue(context.db, "space_variables", repo, parseKeyValue(await readJsonObject(c)));
    return variablesOf(repo);
  });
  router.api("DELETE", "variables", async (c, target) => {
    const repo = writable(c, context, target);
    deleteKeyValue(context.db, "space_variables", repo, parseKey((await readJsonObject(c)).key));
    return variablesOf(repo);
  });
  router.api("POST", "duplicate", async (c, target) => {
    const auth = requireAuth(c, context.db);
    const source = readable(c, context, target);
    const body = await readJsonObject(c);
    if (typeof body.repository !== "string" || !body.repository.includes("/")) throw badRequest("repository must be namespace/name");
    const [namespace] = body.repository.split("/");
    if (auth.role !== "write") throw forbidden("This token has read-only access; a write token is required");
    if (!isNamespaceMember(context.db, namespace!, auth, true))
      throw forbidden(`You don't have the rights to create a Space under ${namespace}`);
    const origin = publicOrigin(c, context);
    const copy = duplicateSpace(context, source, auth, body.repository, {
      private: parsePrivate(body),
      hardware: optionalString(body.hardware, "hardware"),
      storage: optionalString(body.storageTier, "storageTier"),
      sleepTime: body.sleepTimeSeconds === undefined || body.sleepTimeSeconds === null ? undefined : parseSleepTime(body.sleepTimeSeconds),
      secrets: parseKeyValues(body.secrets, "secrets"),
      variables: parseKeyValues(body.variables, "variables"),
      existingUrl: (fullName) => repoWebUrl(origin, "space", fullName),
    });
    return json({ url: repoWebUrl(origin, "space", copy.fullName) });
  });
}

function readable(c: Context, context: ServerContext, target: RepoTarget): Repo {
  if (target.type !== "space") throw new HttpError(404, "Not a Space");
  return readableRepo(context.db, "space", target.repoId, authenticate(c, context.db));
}

function writable(c: Context, context: ServerContext, target: RepoTarget): Repo {
  if (target.type !== "space") throw new HttpError(404, "Not a Space");
  return writableRepo(context.db, "space", target.repoId, authenticate(c, context.db));
}

function parseSleepTime(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || (value !== -1 && value <= 0))
    throw badRequest("seconds must be a positive integer, or -1 to never sleep");
  return value;
}

function parseKey(value: unknown): string {
  if (typeof value !== "string" || !SPACE_KEY_PATTERN.test(value))
    throw badRequest('key must be letters, digits and "_", not starting with a digit');
  return value;
}

function parseKeyValue(body: Record<string, unknown>): { key: string; value: string; description?: string | undefined } {
  const key = parseKey(body.key);
  if (typeof body.value !== "string") throw badRequest("value must be a string");
  return { key, value: body.value, description: optionalString(body.description, "description") };
}

function parseKeyValues(value: unknown, name: string): Array<{ key: string; value: string; description?: string | undefined }> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`${name} must be a list of { key, value, description? }`);
  return value.map((entry) => {
    if (typeof entry !== "object" || entry === null) throw badRequest(`${name} must be a list of { key, value, description? }`);
    return parseKeyValue(entry as Record<string, unknown>);
  });
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badRequest(`${name} must be a string`);
  return value;
}

function parsePrivate(body: Record<string, unknown>): boolean | undefined {
  if (body.visibility !== undefined) {
    if (body.visibility === "public") return false;
    if (body.visibility === "private" || body.visibility === "protected") return true;
    throw badRequest('visibility must be "public", "private" or "protected"');
  }
  if (body.private === undefined || body.private === null) return undefined;
  if (typeof body.private !== "boolean") throw badRequest("private must be a boolean");
  return body.private;
}
