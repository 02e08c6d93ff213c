import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { isNamespaceMember, writableRepo } from "../http/access.ts";
import { requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, forbidden } from "../http/errors.ts";
import { validateRepoPath } from "../http/paths.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { repoWebUrl, publicOrigin } from "../http/urls.ts";
import { defaultsToPrivate, findAccount, type TokenRecord } from "../storage/accounts.ts";
import { writeInitialCommit } from "../storage/commit-writer.ts";
import { applyCreationSettings } from "../storage/spaces.ts";
import {
  REPO_TYPES,
  deleteRepoRow,
  findRepo,
  insertRepo,
  isValidRepoName,
  moveRepoRow,
  splitRepoId,
  updateRepoSettings,
  type RepoType,
} from "../storage/repos.ts";

const SPACE_SDKS = ["gradio", "streamlit", "docker", "static"];

/** Repo management: `POST /api/repos/create`, `DELETE /api/repos/delete`, `POST /api/repos/move`, `PUT .../settings`. */
export function register(app: Hono, context: ServerContext): void {
  app.post("/api/repos/create", (c) => createRepo(c, context));
  app.delete("/api/repos/delete", (c) => deleteRepo(c, context));
  app.post("/api/repos/move", (c) => moveRepo(c, context));
  context.router.api("PUT", "settings", async (c, target) => {
    const auth = requireAuth(c, context.db);
    let repo = writableRepo(context.db, target.type, target.repoId, auth);
    const body = await readJsonObject(c);
    const settings: { private?: boolean; gated?: false | "auto" | "manual" } = {};
    if (body.private !== undefined) {
      if (typeof body.private !== "boolean") throw badRequest("private must be a boolean");
      settings.private = body.private;
    }
    if (body.visibility !== undefined) settings.private = parseVisibility(body.visibility);
    if (body.gated !== undefined) {
      if (body.gated !== false && body.gated !== "auto" && body.gated !== "manual")
        throw badRequest('gated must be false, "auto" or "manual"');
      settings.gated = body.gated;
    }
    repo = updateRepoSettings(context.db, repo, settings);
    return json({ id: repo.fullName, private: repo.private, visibility: repo.private ? "private" : "public", gated: repo.gated });
  });
}

function parseType(value: unknown): RepoType {
  if (value === undefined || value === null) return "model";
  if (typeof value === "string" && (REPO_TYPES as readonly string[]).includes(value)) return value as RepoType;
  throw badRequest(`Invalid repo type: ${String(value)}`);
}

/** `visibility` ("public" | "private" | "protected") or `private` (boolean) of a body; undefined when neither is given. */
export function requestedPrivacy(body: Record<string, unknown>): boolean | undefined {
  if (body.visibility !== undefined && body.visibility !== null) return parseVisibility(body.visibility);
  if (body.private === undefined || body.private === null) return undefined;
  if (typeof body.private !== "boolean") throw badRequest("private must be a boolean");
  return body.private;
}

function parseVisibility(value: unknown): boolean {
  if (value === "public") return false;
  if (value === "private" || value === "protected") return true;
  throw badRequest('visibility must be "public", "private" or "protected"');
}

/** Namespace and name from `{name, organization}` bodies; the caller's namespace by default. */
function targetName(body: Record<string, unknown>, auth: TokenRecord): { namespace: string; name: string } {
  if (typeof body.name !== "string" || body.name === "") throw badRequest("name is required");
  let namespace = typeof body.organization === "string" && body.organization !== "" ? body.organization : undefined;
  let name = body.name;
  if (name.includes("/")) {
    const [first, rest] = splitRepoId(name);
    if (namespace && namespace !== first) throw badRequest("name and organization disagree");
    namespace = first;
    name = rest;
  }
  namespace ??= auth.user.name;
  if (!isValidRepoName(name) || !isValidRepoName(namespace)) throw badRequest(`Invalid repo name: ${namespace}/${name}`);
  return { namespace, name };
}

function requireNamespaceWrite(context: ServerContext, namespace: string, auth: TokenRecord): void {
  if (auth.role !== "write") throw forbidden("This token has read-only access; a write token is required");
  if (!findAccount(context.db, namespace)) throw new HttpError(404, `Namespace not found: ${namespace}`);
  if (!isNamespaceMember(context.db, namespace, auth, true))
    throw forbidden(`You don't have the rights to create or move a repo under ${namespace}`);
}

async function createRepo(c: Context, context: ServerContext): Promise<Response> {
  const auth = requireAuth(c, context.db);
  const body = await readJsonObject(c);
  const type = parseType(body.type);
  const { namespace, name } = targetName(body, auth);
  requireNamespaceWrite(context, namespace, auth);
  const isPrivate = requestedPrivacy(body) ?? defaultsToPrivate(context.db, namespace);
  let sdk: string | null = null;
  if (type === "space") {
    sdk = typeof body.sdk === "string" ? body.sdk : "";
    if (!SPACE_SDKS.includes(sdk)) throw badRequest(`Invalid or missing sdk for a space (one of ${SPACE_SDKS.join(", ")})`);
  }
  const files = initialFiles(body);
  const origin = publicOrigin(c, context);
  const existing = findRepo(context.db, type, `${namespace}/${name}`);
  if (existing) {
    throw new HttpError(409, `You already created this ${type} repo`, { body: { url: repoWebUrl(origin, type, existing.fullName) } });
  }
  const repo = context.db.transaction(() => {
    const created = insertRepo(context.db, {
      type,
      namespace: findAccount(context.db, namespace)!.name,
      name,
      private: isPrivate,
      sdk,
      createdAt: new Date().toISOString(),
    });
    writeInitialCommit(context.db, context.blobs, created, files);
    if (type === "space") applyCreationSettings(context.db, created, body);
    return created;
  })();
  return json({ url: repoWebUrl(origin, type, repo.fullName), name: repo.fullName, id: repo.objectId });
}

function initialFiles(body: Record<string, unknown>): Array<{ path: string; bytes: Uint8Array }> {
  const files: Array<{ path: string; bytes: Uint8Array }> = [];
  if (Array.isArray(body.files)) {
    for (const file of body.files as Array<Record<string, unknown>>) {
      const path = validateRepoPath(file?.path);
      if (typeof file.content !== "string") throw badRequest(`files[].content must be a string (${path})`);
      files.push({ path, bytes: Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8") });
    }
  }
  if (typeof body.license === "string" && !files.some((file) => file.path === "README.md")) {
    files.push({ path: "README.md", bytes: Buffer.from(`---\nlicense: ${body.license}\n---\n`) });
  }
  return files;
}

function deleteRepo(c: Context, context: ServerContext): Promise<Response> {
  return (async () => {
    const auth = requireAuth(c, context.db);
    const body = await readJsonObject(c);
    const type = parseType(body.type);
    const { namespace, name } = targetName(body, auth);
    const repo = writableRepo(context.db, type, `${namespace}/${name}`, auth);
    deleteRepoRow(context.db, repo);
    return new Response("OK", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  })();
}

async function moveRepo(c: Context, context: ServerContext): Promise<Response> {
  const auth = requireAuth(c, context.db);
  const body = await readJsonObject(c);
  const type = parseType(body.type);
  if (typeof body.fromRepo !== "string" || typeof body.toRepo !== "string") throw badRequest("fromRepo and toRepo are required");
  const [toNamespace, toName] = splitRepoId(body.toRepo);
  if (!toNamespace || !isValidRepoName(toNamespace) || !isValidRepoName(toName)) throw badRequest(`Invalid repo name: ${body.toRepo}`);
  const repo = writableRepo(context.db, type, body.fromRepo, auth);
  requireNamespaceWrite(context, toNamespace, auth);
  const existing = findRepo(context.db, type, body.toRepo);
  if (existing && existing.id !== repo.id) {
    throw new HttpError(409, `A ${type} repository called ${existing.fullName} already exists`);
  }
  moveRepoRow(context.db, repo, findAccount(context.db, toNamespace)!.name, toName);
  return json({ url: repoWebUrl(publicOrigin(c, context), type, `${toNamespace}/${toName}`) });
}
