/**
 * What storage refuses, in storage's own terms. Storage modules throw these and never think about
 * HTTP; `http/errors.ts` (`toHttpError`) decides the status, `X-Error-Code` and body of each, in one place.
 */
export abstract class StorageError extends Error {
  /** Extra fields of the answer's JSON body beside `error` (e.g. the conflicting paths). */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Something that does not exist (a namespace, a pull request's target...); the specific kinds below carry a Hub error code. */
export class NotFound extends StorageError {}

/** A revision (branch, tag, commit, pull request ref) that does not resolve. */
export class RevisionNotFound extends NotFound {
  readonly revision: string;

  constructor(revision: string, message = `Invalid rev id: ${revision}`) {
    super(message);
    this.revision = revision;
  }
}

/** A path that is not in the tree. */
export class EntryNotFound extends NotFound {
  readonly path: string;

  constructor(path: string, message = `Entry not found: ${path}`) {
    super(message);
    this.path = path;
  }
}

/** Input that storage cannot accept as given: a wrong size or checksum, a path clash, a bad name. */
export class InvalidInput extends StorageError {}

/** A body longer than the limit when no size was announced for it. */
export class TooLarge extends StorageError {}

/** The request clashes with the current state (an upload being completed, a closed pull request, a merge conflict). */
export class Conflict extends StorageError {}

/** The caller's view of the repo is stale: the branch moved since the parent commit it named. */
export class StaleParent extends StorageError {}

/** Stored data contradicts itself (a ref naming a missing commit): a bug or a damaged database, not the caller's fault. */
export class Inconsistent extends StorageError {}
