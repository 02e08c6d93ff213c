import {
  CommitConflictError,
  EntryNotFoundError,
  GatedRepoError,
  HubHttpError,
  HubNetworkError,
  HubTimeoutError,
  HubValidationError,
  isHubError,
  LocalEntryNotFoundError,
  redactText,
  RepositoryNotFoundError,
  RevisionNotFoundError,
  UnsafePathError,
} from "@hub/sdk";
import { CacheNotFoundError } from "@hub/sdk/node";

/** Exit code of a usage error: bad arguments, bad input, no token. */
export const EXIT_USAGE = 1;
/** Exit code of an error answered (or not answered) by the Hub. */
export const EXIT_HUB = 2;

/** A mistake on the command line or in the local setup, reported with what to do. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The command needs a token and none was found. */
export class MissingTokenError extends UsageError {
  override name = "MissingTokenError";
  constructor() {
    super("Not logged in: run `hub auth login` or set HF_TOKEN (or pass --token).");
  }
}

/** A destructive command was not confirmed: no `--yes` without a terminal to ask on, or the answer was no. */
export class NotConfirmedError extends Error {
  override name = "NotConfirmedError";
}

/** What to print for an error, and the exit code. */
export interface ErrorReport {
  /** One line, without any token. */
  message: string;
  /** 1 for usage errors, 2 for Hub errors. */
  exitCode: number;
}

/** Turns any error into one line that says what to do, and an exit code (1 usage, 2 Hub). */
export function describeError(error: unknown): ErrorReport {
  const report = describe(error);
  return { ...report, message: redactText(report.message) };
}

function describe(error: unknown): ErrorReport {
  if (error instanceof UsageError) return { message: error.message, exitCode: EXIT_USAGE };
  if (error instanceof NotConfirmedError) return { message: error.message, exitCode: EXIT_HUB };
  if (error instanceof HubValidationError) return { message: `${error.message}.`, exitCode: EXIT_USAGE };
  if (error instanceof CacheNotFoundError)
    return { message: `${error.message}. Nothing is cached there yet (see --cache-dir, HF_HUB_CACHE, HF_HOME).`, exitCode: EXIT_USAGE };
  if (error instanceof LocalEntryNotFoundError) {
    return { message: `${error.message}. Download it once while online, or drop --offline / HF_HUB_OFFLINE.`, exitCode: EXIT_USAGE };
  }
  if (error instanceof UnsafePathError) {
    return hub(
      `${error.message}. The Hub (or something between you and it) sent a name that would write outside the download folder; check --endpoint / HF_ENDPOINT and use https.`,
    );
  }
  if (error instanceof GatedRepoError) return hub(`${error.message}. Request access on the repo page first.`);
  if (error instanceof RepositoryNotFoundError) {
    return hub(`${error.message}. Check the repo id and --repo-type, and that your token may see it (\`hub auth whoami\`).`);
  }
  if (error instanceof RevisionNotFoundError) return hub(`${error.message}. Check --revision (\`hub tag list\`, \`hub repo info\`).`);
  if (error instanceof EntryNotFoundError) return hub(`${error.message}. Check the file path (\`hub repo ls\`).`);
  if (error instanceof CommitConflictError) {
    return hub(
      `${error.message}. It clashes with the current state of the repo: check it, then retry (create commands accept --exist-ok).`,
    );
  }
  if (error instanceof HubHttpError) {
    if (error.status === 401) return hub(`${error.message}. The token was refused: run \`hub auth login\` or set HF_TOKEN.`);
    if (error.status === 403) return hub(`${error.message}. Your token may not do this: it needs write access to this repo.`);
    return hub(`${error.message}.`);
  }
  if (error instanceof HubNetworkError) return hub(`${error.message}. Is the Hub reachable? Check --endpoint or HF_ENDPOINT.`);
  if (error instanceof HubTimeoutError) return hub(`${error.message}. The Hub did not answer in time; retry later.`);
  if (isHubError(error)) return hub(error.message);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return { message: `${(error as Error).message}. Check the local path.`, exitCode: EXIT_USAGE };
  return { message: error instanceof Error ? error.message : String(error), exitCode: EXIT_USAGE };
}

function hub(message: string): ErrorReport {
  return { message, exitCode: EXIT_HUB };
}
