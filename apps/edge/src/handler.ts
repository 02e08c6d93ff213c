import type { EdgeEnv } from "./env.ts";
import { latest } from "./latest.ts";
import { errorResponse, json } from "./respond.ts";
import { size } from "./size.ts";

const ROUTES: Record<string, (request: Request, env: EdgeEnv) => Promise<Response>> = { "/latest": latest, "/size": size };

/**
 * The worker's fetch handler: routes `GET /latest` and `GET /size`, maps SDK errors to statuses.
 * @throws never: every failure becomes a JSON error response.
 */
export async function handleRequest(request: Request, env: EdgeEnv = {}): Promise<Response> {
  const route = ROUTES[new URL(request.url).pathname];
  if (!route) return json({ error: "not found: try /latest?author=NAME or /size?repo=NS/NAME&path=FILE" }, 404);
  if (request.method !== "GET") return json({ error: "only GET" }, 405);
  try {
    return await route(request, env);
  } catch (error) {
    return errorResponse(error);
  }
}
