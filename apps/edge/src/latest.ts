import { listModels } from "@hub/search";
import { type EdgeEnv, hubOptions } from "./env.ts";
import { json } from "./respond.ts";

/** Most models one answer lists. */
export const MAX_LATEST = 50;

/**
 * `GET /latest?author=alice[&limit=10]`: the author's most recently modified models, newest first.
 * @throws {HubValidationError} on a bad author or limit; {HubHttpError} when the Hub refuses.
 */
export async function latest(request: Request, env: EdgeEnv): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const author = query.get("author");
  if (!author) return json({ error: "author is required" }, 400);
  const limit = Math.min(Number(query.get("limit") ?? 10), MAX_LATEST);
  const models: { id: string; lastModified: string | undefined }[] = [];
  for await (const model of listModels({
    ...hubOptions(env, request),
    author,
    sort: "lastModified",
    direction: -1,
    limit,
    expand: ["lastModified"],
  })) {
    models.push({ id: model.id, lastModified: model.lastModified?.toISOString() });
  }
  return json({ author, models });
}
