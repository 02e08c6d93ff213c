import { HubHttpError } from "./hub-http-error.ts";

/** The repository does not exist, or is private and the caller may not see it (401/404, `RepoNotFound`). */
export class RepositoryNotFoundError extends HubHttpError {
  static override title = "Repository not found";
  override name = "RepositoryNotFoundError";
}

/** The repository is gated and the caller has not been granted access (`GatedRepo`). */
export class GatedRepoError extends RepositoryNotFoundError {
  static override title = "Access to gated repository denied";
  override name = "GatedRepoError";
}

/** The branch, tag or commit does not exist (`RevisionNotFound`). */
export class RevisionNotFoundError extends HubHttpError {
  static override title = "Revision not found";
  override name = "RevisionNotFoundError";
}

/** The file or folder does not exist at that revision (`EntryNotFound`). */
export class EntryNotFoundError extends HubHttpError {
  static override title = "Entry not found";
  override name = "EntryNotFoundError";
}

/** The server rejected the request as malformed or invalid (400). */
export class BadRequestError extends HubHttpError {
  static override title = "Bad request";
  override name = "BadRequestError";
}

/** The write conflicts with the current state: already exists (409) or parent commit moved (412). */
export class CommitConflictError extends HubHttpError {
  static override title = "Conflict";
  override name = "CommitConflictError";
}

/** The repository is disabled on the Hub (`X-Error-Message: Access to this resource is disabled.`), as Python's `DisabledRepoError`. */
export class DisabledRepoError extends HubHttpError {
  static override title = "Repository disabled";
  override name = "DisabledRepoError";
}
