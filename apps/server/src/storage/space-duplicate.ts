import type { ServerContext } from "../context.ts";
import { gitCommitOid } from "../git/hash.ts";
import { Conflict, InvalidInput, NotFound } from "./errors.ts";
import type { TokenRecord } from "./accounts.ts";
import { defaultsToPrivate, findAccount } from "./accounts.ts";
import { grantTreeLfsObjects } from "./lfs-objects.ts";
import { getCommit, insertCommit } from "./objects.ts";
import { getRef, setRef } from "./refs.ts";
import { findRepo, insertRepo, isValidRepoName, splitRepoId, type Repo } from "./repos.ts";
import { DEFAULT_SPACE_HARDWARE, getSpaceState, listKeyValues, saveSpaceState, upsertKeyValue } from "./spaces.ts";

/** Settings of the copy. */
export interface DuplicateOptions {
  private: boolean | undefined;
  hardware: string | undefined;
  storage: string | undefined;
  sleepTime: number | undefined;
  secrets: Array<{ key: string; value: string; description?: string | undefined }>;
  variables: Array<{ key: string; value: string; description?: string | undefined }>;
  /** URL of an existing target, for the 409 body. */
  existingUrl: (fullName: string) => string;
}

/**
 * Copies a Space in one transaction: a new Space whose first commit has the source's tree, the
 * source's runtime settings (overridden by the options), its variables plus the given ones, and only
 * the given secrets (secret values never leave their Space).
 */
export function duplicateSpace(context: ServerContext, source: Repo, auth: TokenRecord, targetId: string, options: DuplicateOptions): Repo {
  const { db } = context;
  const [namespace, name] = splitRepoId(targetId);
  if (!namespace || !isValidRepoName(namespace) || !isValidRepoName(name)) throw new InvalidInput(`Invalid repo name: ${targetId}`);
  const account = findAccount(db, namespace);
  if (!account) throw new NotFound(`Namespace not found: ${namespace}`);
  return db.transaction(() => {
    const existing = findRepo(db, "space", targetId);
    if (existing) throw new Conflict("You already created this space repo", { url: options.existingUrl(existing.fullName) });
    const sourceHead = getRef(db, source.id, "refs/heads/main");
    const sourceCommit = sourceHead ? getCommit(db, source.id, sourceHead) : undefined;
    if (!sourceCommit) throw new Conflict(`${source.fullName} has no main branch to duplicate`);
    const copy = insertRepo(db, {
      type: "space",
      namespace: account.name,
      name,
      private: options.private ?? (source.private || defaultsToPrivate(db, account.name)),
      sdk: source.sdk,
      createdAt: new Date().toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const message = `Duplicate from ${source.fullName}\n`;
    const oid = gitCommitOid({
      treeOid: sourceCommit.treeOid,
      parentOids: [],
      authorName: auth.user.name,
      authorEmail: `${auth.user.name}@users.noreply.localhost`,
      timestamp,
      message,
    });
    insertCommit(db, copy.id, {
      oid,
      treeOid: sourceCommit.treeOid,
      parentOids: [],
      depth: 1,
      author: auth.user.name,
      title: `Duplicate from ${source.fullName}`,
      message: "",
      createdAt: new Date(timestamp * 1000).toISOString(),
    });
    setRef(db, copy.id, "refs/heads/main", oid);
    // The copy's tree points to the source's LFS objects: they are the copy's too.
    grantTreeLfsObjects(db, copy.id, sourceCommit.treeOid);
    const state = getSpaceState(db, source);
    saveSpaceState(db, copy, {
      hardware: options.hardware ?? state.requestedHardware ?? state.hardware ?? DEFAULT_SPACE_HARDWARE,
      requestedHardware: null,
      storage: options.storage ?? state.storage,
      sleepTime: options.sleepTime ?? state.sleepTime,
      paused: false,
      devMode: false,
      restartedAt: null,
    });
    for (const variable of listKeyValues(db, "space_variables", source))
      upsertKeyValue(db, "space_variables", copy, { ...variable, description: variable.description ?? undefined });
    for (const variable of options.variables) upsertKeyValue(db, "space_variables", copy, variable);
    for (const secret of options.secrets) upsertKeyValue(db, "space_secrets", copy, secret);
    return copy;
  })();
}
