import { getPathsInfo } from "@hub/repos";
import { type EdgeEnv, hubOptions } from "./env.ts";
import { json } from "./respond.ts";

/**
 * `GET /size?repo=alice/x&path=model.bin[&revision=main]`: a file's size in bytes (LFS files: the
 * content's), from one paths-info request.
 * @throws {HubValidationError} on a bad repo id, path or revision; {RepositoryNotFoundError} etc.
 */
export async function size(request: Request, env: EdgeEnv): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const repoId = query.get("repo");
  const path = query.get("path");
  if (!repoId || !path) return json({ error: "repo and path are required" }, 400);
  const revision = query.get("revision") ?? undefined;
  const [entry] = await getPathsInfo({ ...hubOptions(env, request), repoId, paths: [path], ...(revision ? { revision } : {}) });
  if (entry?.type !== "file") return json({ error: `${path} is not a file of ${repoId}` }, 404);
  return json({ repo: repoId, path, size: entry.size, lfs: entry.lfs !== undefined });
}
