import { type RepoType } from "@hub/sdk";
import {
  type CacheDeletion,
  type CachedRepoInfo,
  deleteCacheRevisions,
  type HubCacheInfo,
  isCommitHash,
  scanCacheDir,
} from "@hub/sdk/node";
import { type Command, Option } from "commander";
import { type JsonFlag, REPO_TYPE_CHOICES, repoTypeOf } from "../context.ts";
import { UsageError } from "../errors.ts";
import { confirmOrRefuse } from "../input.ts";
import { formatAge, formatBytes } from "../output/format.ts";
import { printJson } from "../output/json.ts";
import { formatTable } from "../output/table.ts";

interface CacheDirFlag {
  cacheDir?: string;
}

/** Adds `hub cache scan|delete`. */
export function registerCacheCommands(program: Command): void {
  const cache = program.command("cache").description("inspect and clean the local cache shared with the Python client");

  cache
    .command("scan")
    .description("list the cached repositories: type, id, size on disk, files, last access and change, refs")
    .option("--cache-dir <dir>", "cache folder (default: HF_HUB_CACHE or $HF_HOME/hub)")
    .option("-v, --verbose", "one row per cached revision")
    .option("--json", "print the scan as JSON (repos, revisions, files, warnings)")
    .action(async (options: CacheDirFlag & JsonFlag & { verbose?: boolean }) => {
      const info = await scanCacheDir({ cacheDir: options.cacheDir });
      if (options.json) return printJson(info);
      process.stdout.write(
        `${info.repos.length === 0 ? "No repositories in the cache." : options.verbose ? revisionTable(info) : repoTable(info)}\n`,
      );
      process.stdout.write(`\n${info.repos.length} repo(s), ${formatBytes(info.sizeOnDisk)} on disk in ${info.cacheDir}\n`);
      for (const warning of info.warnings) process.stderr.write(`Warning: ${warning}\n`);
    });

  cache
    .command("delete")
    .description("delete cached repositories or revisions, and the blobs nothing else uses")
    .argument("<targets...>", "repo ids (namespace/name, or type/namespace/name such as dataset/acme/rows) or 40-hex revision hashes")
    .addOption(new Option("--repo-type <type>", "type of the repo ids given without a type").choices(REPO_TYPE_CHOICES).default("model"))
    .option("--cache-dir <dir>", "cache folder (default: HF_HUB_CACHE or $HF_HOME/hub)")
    .option("--dry-run", "show what would be deleted and freed, delete nothing")
    .option("-y, --yes", "do not ask for confirmation (needed without a terminal)")
    .option("--json", "print what was (or would be) deleted as JSON")
    .action(async (targets: string[], options: CacheDirFlag & JsonFlag & { repoType: RepoType; dryRun?: boolean; yes?: boolean }) => {
      const { revisions, repos } = parseTargets(targets, repoTypeOf(options.repoType));
      const info = await scanCacheDir({ cacheDir: options.cacheDir });
      const plan = await deleteCacheRevisions({ cacheInfo: info, revisions, repos, dryRun: true });
      for (const missing of plan.notFound) process.stderr.write(`Not in the cache: ${missing}\n`);
      if (plan.repos.length + plan.snapshots.length === 0) {
        if (options.json) return printJson(plan);
        throw new UsageError("Nothing to delete: none of the targets is in the cache (`hub cache scan` lists them).");
      }
      if (options.dryRun) {
        if (options.json) return printJson(plan);
        process.stdout.write(`${describePlan(plan)}\nDry run: nothing deleted.\n`);
        return;
      }
      if (!options.json) process.stderr.write(`${describePlan(plan)}\n`);
      await confirmOrRefuse(`Delete ${formatBytes(plan.expectedFreedSize)} from the cache?`, options.yes, "Nothing deleted");
      const done = await deleteCacheRevisions({ cacheInfo: info, revisions, repos });
      if (options.json) return printJson(done);
      process.stdout.write(`Deleted ${countText(done)}: freed ${formatBytes(done.expectedFreedSize)}.\n`);
    });
}

/** Splits the targets into revision hashes and repositories (a `type/` prefix needs three parts). */
function parseTargets(
  targets: readonly string[],
  defaultType: RepoType,
): { revisions: string[]; repos: { repoId: string; repoType: RepoType }[] } {
  const revisions: string[] = [];
  const repos: { repoId: string; repoType: RepoType }[] = [];
  for (const target of targets) {
    if (isCommitHash(target)) {
      revisions.push(target);
      continue;
    }
    const parts = target.split("/");
    if (parts.some((part) => part === "") || parts.length > 3)
      throw new UsageError(`Invalid target "${target}": give a repo id (namespace/name) or a 40-hex revision hash.`);
    if (parts.length === 3) repos.push({ repoType: repoTypeOf(parts[0]), repoId: `${parts[1]}/${parts[2]}` });
    else repos.push({ repoType: defaultType, repoId: target });
  }
  return { revisions, repos };
}

function countText(plan: CacheDeletion): string {
  const parts = [
    plan.repos.length > 0 ? `${plan.repos.length} repo(s)` : "",
    plan.snapshots.length > 0 ? `${plan.snapshots.length} revision(s)` : "",
  ];
  return parts.filter(Boolean).join(" and ");
}

function describePlan(plan: CacheDeletion): string {
  const lines = [`Will delete ${countText(plan)}, freeing ${formatBytes(plan.expectedFreedSize)}:`];
  for (const path of plan.repos) lines.push(`  repo      ${path}`);
  for (const path of plan.snapshots) lines.push(`  revision  ${path}`);
  return lines.join("\n");
}

function refsText(repo: Pick<CachedRepoInfo, "refs">): string {
  return Object.keys(repo.refs).sort().join(", ");
}

function repoTable(info: HubCacheInfo): string {
  return formatTable(info.repos, [
    { header: "repo id", value: (repo) => repo.repoId },
    { header: "repo type", value: (repo) => repo.repoType },
    { header: "size on disk", value: (repo) => formatBytes(repo.sizeOnDisk) },
    { header: "files", value: (repo) => repo.fileCount },
    { header: "last accessed", value: (repo) => formatAge(repo.lastAccessed) },
    { header: "last modified", value: (repo) => formatAge(repo.lastModified) },
    { header: "refs", value: (repo) => refsText(repo) },
    { header: "local path", value: (repo) => repo.repoPath },
  ]);
}

function revisionTable(info: HubCacheInfo): string {
  const rows = info.repos.flatMap((repo) => repo.revisions.map((revision) => ({ repo, revision })));
  return formatTable(rows, [
    { header: "repo id", value: ({ repo }) => repo.repoId },
    { header: "repo type", value: ({ repo }) => repo.repoType },
    { header: "revision", value: ({ revision }) => revision.commitHash },
    { header: "size on disk", value: ({ revision }) => formatBytes(revision.sizeOnDisk) },
    { header: "files", value: ({ revision }) => revision.files.length },
    { header: "last modified", value: ({ revision }) => formatAge(revision.lastModified) },
    { header: "refs", value: ({ revision }) => revision.refs.join(", ") },
    { header: "local path", value: ({ revision }) => revision.snapshotPath },
  ]);
}
