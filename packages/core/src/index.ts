export { DEFAULT_HUB_URL, DEFAULT_RETRY, DEFAULT_TIMEOUT, resolveHubUrl } from "./options.ts";
export type { HubOptions, HubRetry, HubWarning, RetryOptions } from "./options.ts";
export { environmentHubUrl, isOfflineMode, resolveAccessToken, runtimeEnvironment } from "./environment/environment.ts";
export { cleanToken, expandPath, huggingFaceHome, isTrueValue } from "./environment/expand.ts";
export type { EnvironmentVariables } from "./environment/expand.ts";
export {
  REPO_TYPES,
  repoCacheFolderName,
  repoTypeCacheFolderPrefix,
  repoTypePlural,
  repoTypeUrlPrefix,
} from "./repo-type.ts";
export type { RepoParams, RepoType } from "./repo-type.ts";

export { parse } from "./validation/parse.ts";
export { RepoIdSchema } from "./validation/repo-id-schema.ts";
export { RepoTypeSchema } from "./validation/repo-type-schema.ts";
export { RevisionSchema } from "./validation/revision-schema.ts";
export { MAX_PATH_IN_REPO_BYTES, MAX_PATH_SEGMENT_BYTES, PathInRepoSchema } from "./validation/path-in-repo-schema.ts";
export {
  clientEntry,
  HubOptionsEntries,
  HubOptionsSchema,
  NonEmptyStringSchema,
  PositiveIntegerSchema,
  RepoParamsEntries,
  RetryOptionsSchema,
} from "./validation/hub-options-schema.ts";
export type { FalseOrObjectIssue, FalseOrObjectSchema } from "./validation/hub-options-schema.ts";

export { HubError, isHubError } from "./errors/hub-error.ts";
export { HubHttpError } from "./errors/hub-http-error.ts";
export type { HubHttpErrorInit } from "./errors/hub-http-error.ts";
export {
  BadRequestError,
  CommitConflictError,
  DisabledRepoError,
  EntryNotFoundError,
  GatedRepoError,
  RepositoryNotFoundError,
  RevisionNotFoundError,
} from "./errors/http-error-classes.ts";
export { HubNetworkError } from "./errors/hub-network-error.ts";
export { HubOfflineError } from "./errors/hub-offline-error.ts";
export { HubTimeoutError } from "./errors/hub-timeout-error.ts";
export { HubValidationError } from "./errors/hub-validation-error.ts";
export type { ValidationIssue } from "./errors/hub-validation-error.ts";
export { createHubHttpError } from "./errors/create-http-error.ts";
export type { HttpErrorContext } from "./errors/create-http-error.ts";
export { abortReason, isAbortError, throwIfAborted } from "./errors/abort.ts";
export { redactText, redactUrl } from "./errors/redact.ts";

export { hubRequest } from "./http/hub-request.ts";
export { resolveDispatcher } from "./http/dispatcher.ts";
export type { HttpMethod, HubRequest, ResponseType, SearchParams, SearchParamValue } from "./http/hub-request-types.ts";
export { appendSearchParams, buildRequestUrl } from "./http/build-url.ts";
export { buildHeaders } from "./http/request-headers.ts";
export { ndjsonStream } from "./http/ndjson.ts";
export { sleep } from "./http/sleep.ts";
export { readWithinStallTimeout, withStallTimeout } from "./http/stall-timeout.ts";
export { CORE_VERSION, isBrowser, userAgentHeader } from "./http/user-agent.ts";
export { rateLimitDelay, rateLimitInfo, retryAfterDelay, serverRetryDelay } from "./http/retry-delay-headers.ts";
export type { RateLimitInfo } from "./http/retry-delay-headers.ts";
export { reportServerWarnings } from "./http/server-warnings.ts";
export { whoamiOnce } from "./http/whoami-once.ts";
export { backoffDelay, isIdempotentMethod, retrySettings } from "./http/retry-policy.ts";
export type { RetrySettings } from "./http/retry-policy.ts";

export { encodePathInRepo, encodeRepoId, encodeRevision } from "./urls/encode.ts";
export { lfsBatchPath, rawPath, repoApiPath, repoWebPath, resolvePath } from "./urls/repo-paths.ts";
export type { FileLocation } from "./urls/repo-paths.ts";
export { blobUrl, commitUrl, discussionUrl, repoUrl, treeUrl, webUrls } from "./urls/web-urls.ts";
export type { WebRepo } from "./urls/web-urls.ts";

export { parseLinkHeader } from "./pagination/parse-link-header.ts";
export { onHubOrigin, paginate } from "./pagination/paginate.ts";
export type { PaginateOptions } from "./pagination/paginate.ts";
export { paginateByPage } from "./pagination/paginate-by-page.ts";
export type { PageSlice, PaginateByPageOptions } from "./pagination/paginate-by-page.ts";

export { sha256 } from "./hashing/sha256.ts";
export type { Sha256Options } from "./hashing/sha256.ts";
export type { HashSource } from "./hashing/hash-source.ts";
