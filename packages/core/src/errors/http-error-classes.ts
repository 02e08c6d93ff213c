import { HubHttpError, type HubHttpErrorInit } from "./hub-http-error.ts";

function withServerMessage(title: string, init: HubHttpErrorInit): string {
  return init.serverMessage ? `${title}: ${init.serverMessage}` : title;
}

/** The repository does not exist, or is private and the caller may not see it (401/404, `RepoNotFound`). */
export class RepositoryNotFoundError extends HubHttpError {
  override name = "RepositoryNotFoundError";
  constructor(init: HubHttpErrorInit) {
    super({ ...init, headline: init.headline ?? "Repository not found" });
  }
}

/** The repository is gated and the caller has not been granted access (`GatedRepo`). */
export class GatedRepoError extends RepositoryNotFoundError {
  override name = "GatedRepoError";
  constructor(init: HubHttpErrorInit) {
    super({ ...init, headline: init.headline ?? withServerMessage("Access to gated repository denied", init) });
  }
}

/** The branch, tag or commit does not exist (`RevisionNotFound`). */
export class RevisionNotFoundError extends HubHttpError {
  override name = "RevisionNotFoundError";
  constructor(init: HubHttpErrorInit) {
    super({ ...init, headline: init.headline ?? withServerMessage("Revision not found", init) });
  }
}

/** The file or folder does not exist at that revision (`EntryNotFound`). */
export class EntryNotFoundError extends HubHttpError {
  override name = "EntryNotFoundError";
  constructor(init: HubHttpErrorInit) {
    super({ ...init, headline: init.headline ?? withServerMessage("Entry not found", init) });
  }
}

/** The server rejected the request as malformed or invalid (400). */
export class BadRequestError extends HubHttpError {
  override name = "BadRequestError";
  constructor(init: HubHttpErrorInit) {
    super({ ...init, headline: init.headline ?? withServerMessage("Bad request", init) });
  }
}

/** The write conflicts with the current state: already exists (409) or parent commit moved (412). */
export class CommitConflictError extends HubHttpError {
  override name = "CommitConflictError";
  constructor(init: HubHttpErrorInit) {
    super({ ...init, headline: init.headline ?? withServerMessage("Conflict", init) });
  }
}
