import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { type CommitProgressEvent, type HubOptions, type RepoType, uploadFile } from "@hub/sdk";
import { fileSource, uploadFolder } from "@hub/sdk/node";
import type { Command } from "commander";
import { createContext, type JsonFlag, repoTypeOf, repoTypeOption } from "../context.ts";
import { UsageError } from "../errors.ts";
import { formatBytes } from "../output/format.ts";
import { printJson } from "../output/json.ts";
import { createProgress, type Progress } from "../output/progress.ts";

interface UploadOptions extends JsonFlag {
  repoType: RepoType;
  revision?: string;
  include?: string[];
  exclude?: string[];
  delete?: string[];
  createPr?: boolean;
  commitMessage?: string;
  commitDescription?: string;
  quiet?: boolean;
  progress?: boolean;
  /** `--no-xet` sets it to false. */
  xet: boolean;
}

/** Adds `hub upload REPO PATH [PATH_IN_REPO]`. */
export function registerUploadCommand(program: Command): void {
  program
    .command("upload")
    .description("upload a file or a folder in one commit; prints the URL of what was uploaded")
    .argument("<repo>", "namespace/name")
    .argument("<path>", "local file or folder")
    .argument("[path-in-repo]", "where it goes in the repo (default: the file name, or the root for a folder)")
    .addOption(repoTypeOption())
    .option("--revision <branch>", "branch to commit to (default: main)")
    .option("--include <pattern...>", "folder upload: only files matching these patterns")
    .option("--exclude <pattern...>", "folder upload: skip files matching these patterns")
    .option("--delete <pattern...>", "folder upload: also delete remote files matching these patterns")
    .option("--create-pr", "open a pull request with the change instead of committing to the branch")
    .option("--commit-message <text>", "commit title")
    .option("--commit-description <text>", "commit description")
    .option("--quiet", "print only the URL, no progress bar")
    .option("--json", "print { url, commit } as JSON")
    .option("--progress", "draw the progress bars on stderr even with --json or --quiet (on a terminal)")
    .option("--no-xet", "upload large files with plain LFS (every byte) instead of Xet's deduplicated chunks")
    .action(async (repoId: string, localPath: string, pathInRepo: string | undefined, options: UploadOptions, command: Command) => {
      const target = resolve(localPath);
      const kind = await pathKind(target, localPath);
      if (kind === "file" && (options.include || options.exclude || options.delete)) {
        throw new UsageError("--include, --exclude and --delete apply to folder uploads only.");
      }
      const hubOptions: HubOptions = await createContext(command).authenticated();
      // --progress: the bars on stderr (a terminal only) while --json keeps stdout machine-readable.
      const showProgress = options.progress === true || (!options.quiet && !options.json);
      // Bars one after the other: hashing (LFS files only), chunking (Xet uploads only), then uploading.
      // Each bar is created at its phase's first event so that its speed and ETA count only that phase.
      let hashing: Progress | undefined;
      let chunking: Progress | undefined;
      let uploading: Progress | undefined;
      let uploaded = 0;
      const onProgress = (event: CommitProgressEvent) => {
        if (event.phase === "hashing" || event.phase === "chunking") {
          if (!showProgress || event.skipped || uploading) return;
          if (event.phase === "chunking") {
            hashing?.finish();
            chunking ??= createProgress({ label: "Chunking" });
            chunking.update(event.totalBytes, event.totalSize);
            return;
          }
          hashing ??= createProgress({ label: "Hashing" });
          hashing.update(event.totalBytes, event.totalSize);
          return;
        }
        uploaded = event.totalBytes;
        if (!showProgress) return;
        hashing?.finish();
        chunking?.finish();
        uploading ??= createProgress({ label: "Uploading" });
        uploading.update(event.totalBytes, event.totalSize);
      };
      const common = {
        ...hubOptions,
        repoId,
        repoType: repoTypeOf(options.repoType),
        revision: options.revision,
        createPr: options.createPr,
        commitMessage: options.commitMessage,
        commitDescription: options.commitDescription,
        useXet: options.xet,
        onProgress,
      };
      const result =
        kind === "file"
          ? await uploadFile({ ...common, file: await fileSource(target), pathInRepo: pathInRepo ?? basename(target) })
          : await uploadFolder({
              ...common,
              folderPath: target,
              pathInRepo,
              allowPatterns: options.include,
              ignorePatterns: options.exclude,
              deletePatterns: options.delete,
            });
      hashing?.finish();
      chunking?.finish();
      uploading?.finish();
      if (options.json) return printJson({ url: result.url, commit: result.commit });
      if (!options.quiet && !uploading?.visible && uploaded > 0) process.stderr.write(`Uploaded ${formatBytes(uploaded)}\n`);
      process.stdout.write(`${result.commit.prUrl ?? result.url}\n`);
    });
}

async function pathKind(target: string, given: string): Promise<"file" | "folder"> {
  try {
    const stats = await stat(target);
    if (stats.isDirectory()) return "folder";
    if (stats.isFile()) return "file";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  throw new UsageError(`No such file or folder: ${given}`);
}
