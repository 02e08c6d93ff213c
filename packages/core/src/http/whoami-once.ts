import { resolveAccessToken } from "#runtime";
import { HubValidationError } from "../errors/hub-validation-error.ts";
import { type HubOptions, resolveHubUrl } from "../options.ts";
import { hubRequest } from "./hub-request.ts";

// One answer per Hub and token for the life of the process (created on first use). `whoami-v2`
// is strictly rate-limited on the Hub, and the helpers that need the caller's name would otherwise
// ask it again at every call. A failed answer is not kept.
let answers: Map<string, Promise<Record<string, unknown>>> | undefined;
const MAX_ENTRIES = 32;

/**
 * The `GET /api/whoami-v2` answer for the options' token, asked once per Hub and token and
 * shared by every helper that needs the current user (namespaces, likes, Space duplication).
 * @throws {HubValidationError} without a token (`field` says what the caller could give instead).
 * @throws {HubHttpError} 401 for an invalid token (not cached).
 */
export function whoamiOnce(options: HubOptions, field = "accessToken"): Promise<Record<string, unknown>> {
  const token = resolveAccessToken(options);
  if (!token) {
    const rule = field === "accessToken" ? "is required" : `is required when ${field} is not given`;
    return Promise.reject(new HubValidationError([{ field: "accessToken", rule }]));
  }
  const key = `${resolveHubUrl(options)}\n${token}`;
  const cache = (answers ??= new Map());
  let answer = cache.get(key);
  if (!answer) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    // The caller's signal and timeout apply to the request; an aborted request is not kept either.
    answer = hubRequest(options, { path: "/api/whoami-v2" }).then((raw) =>
      typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {},
    );
    cache.set(key, answer);
    const kept = answer;
    kept.catch(() => cache.get(key) === kept && cache.delete(key));
  }
  return answer;
}
