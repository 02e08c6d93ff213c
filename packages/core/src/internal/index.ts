/**
 * `@hub/core/internal`: the building blocks the `@hub/*` packages use to make their requests
 * (request URLs and headers, retry and stall rules, schemas and `parse`, URL path builders, record
 * helpers...). **For the `@hub/*` packages, not for users; no semver promise**: any name here may
 * change or go in any release. Users import from `@hub/core` (or `@hub/sdk`).
 * @packageDocumentation
 */
export { runtimeEnvironment } from "../environment/environment.ts";
export { cleanToken, isTrueValue } from "../environment/expand.ts";
export { repoCacheFolderName, repoTypeCacheFolderPrefix, repoTypePlural, repoTypeUrlPrefix } from "../repo-type.ts";

export { parse } from "../validation/parse.ts";
export { RepoIdSchema } from "../validation/repo-id-schema.ts";
export { RepoTypeSchema } from "../validation/repo-type-schema.ts";
export { RevisionSchema } from "../validation/revision-schema.ts";
export { MAX_PATH_IN_REPO_BYTES, MAX_PATH_SEGMENT_BYTES, PathInRepoSchema } from "../validation/path-in-repo-schema.ts";
export {
  clientEntry,
  HubOptionsEntries,
  HubOptionsSchema,
  NonEmptyStringSchema,
  PositiveIntegerSchema,
  RepoParamsEntries,
  RetryOptionsSchema,
} from "../validation/hub-options-schema.ts";
export type { FalseOrObjectIssue, FalseOrObjectSchema } from "../validation/hub-options-schema.ts";

export { createHubHttpError } from "../errors/create-http-error.ts";
export type { HttpErrorContext } from "../errors/create-http-error.ts";
export { abortReason, isAbortError, throwIfAborted } from "../errors/abort.ts";

export { resolveDispatcher } from "../http/dispatcher.ts";
export { appendSearchParams, buildRequestUrl } from "../http/build-url.ts";
export { buildHeaders } from "../http/request-headers.ts";
export { ndjsonStream } from "../http/ndjson.ts";
export { sleep } from "../http/sleep.ts";
export { downloadWatchdog, readWithinStallTimeout, StallWatchdog, withStallTimeout } from "../http/stall-timeout.ts";
export { CORE_VERSION, isBrowser, userAgentHeader } from "../http/user-agent.ts";
export { rateLimitDelay, rateLimitInfo, retryAfterDelay, serverRetryDelay } from "../http/retry-delay-headers.ts";
export type { RateLimitInfo } from "../http/retry-delay-headers.ts";
export { reportServerWarnings } from "../http/server-warnings.ts";
export { whoamiOnce } from "../http/whoami-once.ts";
export { backoffDelay, isIdempotentMethod, retrySettings } from "../http/retry-policy.ts";
export type { RetrySettings } from "../http/retry-policy.ts";

export { encodePathInRepo, encodeRepoId, encodeRevision } from "../urls/encode.ts";
export { lfsBatchPath, rawPath, repoApiPath, repoWebPath, resolvePath } from "../urls/repo-paths.ts";
export type { FileLocation } from "../urls/repo-paths.ts";

export { onHubOrigin } from "../pagination/paginate.ts";

export { createSha256 } from "../hashing/create-sha256.ts";
export type { Sha256Hasher } from "../hashing/sha256-hasher.ts";

export { isRecord, optionalDate, optionalNumber, optionalString, optionalStrings } from "../util/records.ts";
export { forEachConcurrent, Semaphore } from "../util/concurrency.ts";
