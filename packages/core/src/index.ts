/**
 * The public face of `@hub/core`: options, errors, repository types, pagination, hashing and
 * `hubRequest`. What the `@hub/*` packages use to build their requests is in `@hub/core/internal`
 * (not for users; no semver promise).
 * @packageDocumentation
 */
export { DEFAULT_HUB_URL, DEFAULT_RETRY, DEFAULT_TIMEOUT, resolveHubUrl } from "./options.ts";
export type { HubOptions, HubRetry, HubWarning, RetryOptions } from "./options.ts";
export { environmentHubUrl, isOfflineMode, resolveAccessToken } from "./environment/environment.ts";
export { expandPath, huggingFaceHome } from "./environment/expand.ts";
export type { EnvironmentVariables } from "./environment/expand.ts";
export { REPO_TYPES } from "./repo-type.ts";
export type { RepoParams, RepoType } from "./repo-type.ts";

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
export { redactText, redactUrl } from "./errors/redact.ts";

export { hubRequest } from "./http/hub-request.ts";
export type { HttpMethod, HubRequest, ResponseType, SearchParams, SearchParamValue } from "./http/hub-request-types.ts";

export { blobUrl, commitUrl, discussionUrl, repoUrl, treeUrl, webUrls } from "./urls/web-urls.ts";
export type { WebRepo } from "./urls/web-urls.ts";

export { parseLinkHeader } from "./pagination/parse-link-header.ts";
export { paginate } from "./pagination/paginate.ts";
export type { PaginateOptions } from "./pagination/paginate.ts";
export { paginateByPage } from "./pagination/paginate-by-page.ts";
export type { PageSlice, PaginateByPageOptions } from "./pagination/paginate-by-page.ts";

export { sha256 } from "./hashing/sha256.ts";
export type { Sha256Options } from "./hashing/sha256.ts";
export type { HashSource } from "./hashing/hash-source.ts";
