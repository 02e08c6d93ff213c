import { type RepoType, repoPathProblem } from "@hub/sdk";
import { downloadFileToCacheDir, joinRepoPath, snapshotDownload } from "@hub/sdk/node";
import type { Command } from "commander";
import { createContext, type JsonFlag, repoTypeOf, repoTypeOption } from "../context.ts";
import { formatBytes } from "../output/format.ts";
import { printJson } from "../output/json.ts";
import { createProgress } from "../output/progress.ts";

interface DownloadOptions extends JsonFlag {
  repoType: RepoType;
  revision?: string;
  include?: string[];
  exclude?: string[];
  localDir?: string;
  cacheDir?: string;
  offline?: boolean;
  quiet?: boolean;
  progress?: boolean;
  /** `--no-xet` sets it to false. */
  xet: boolean;
}

/** Adds `hub download REPO [FILES...]`. */
export function registerDownloadCommand(program: Command): void {
  program
    .command("download")
    .description("download files or a whole snapshot to the shared cache (or --local-dir); prints the path")
    .argument("<repo>", "namespace/name")
    .argument("[files...]", "files to download (default: every file)")
    .addOption(repoTypeOption())
    .option("--revision <rev>", "branch, tag or commit (default: main)")
    .option("--include <pattern...>", "only files matching these patterns (* matches / too)")
    .option("--exclude <pattern...>", "skip files matching these patterns")
    .option("--local-dir <dir>", "write plain files into this folder instead of the cache")
    .option("--cache-dir <dir>", "cache folder (default: HF_HUB_CACHE or $HF_HOME/hub)")
    .option("--offline", "only the local cache, no request to the Hub (as HF_HUB_OFFLINE=1)")
    .option("--quiet", "print only the path, no progress bar")
    .option("--json", "print { path, files, bytes } as JSON")
    .option("--progress", "draw the progress bar on stderr even with --json or --quiet (on a terminal)")
    .option("--no-xet", "download files stored in Xet through the Hub's LFS bridge instead of rebuilding them from Xet chunks")
    .action(async (repoId: string, files: string[], options: DownloadOptions, command: Command) => {
      const hubOptions = await createContext(command).options();
      const progress = createProgress({ label: "Downloading" });
      const showProgress = options.progress === true || (!options.quiet && !options.json);
      const common = {
        ...hubOptions,
        repoId,
        repoType: repoTypeOf(options.repoType),
        revision: options.revision,
        cacheDir: options.cacheDir,
        useXet: options.xet,
      };
      // Without the flag, HF_HUB_OFFLINE decides (read by the download functions).
      const offline = options.offline ? { offline: true } : {};
      let bytes = 0;
      let fileCount = 0;
      let path: string;
      if (files.length === 1 && options.localDir === undefined && !options.include && !options.exclude) {
        path = await downloadFileToCacheDir({
          ...common,
          ...offline,
          path: files[0]!,
          onProgress: (event) => {
            // The part a resumed partial download already held did not go over the wire.
            bytes = event.bytes - event.resumedBytes;
            if (showProgress) progress.update(event.bytes, event.size, event.resumedBytes);
          },
        });
        fileCount = 1;
      } else {
        const folder = await snapshotDownload({
          ...common,
          ...offline,
          localDir: options.localDir,
          allowPatterns: files.length > 0 ? files : options.include,
          ignorePatterns: options.exclude,
          onProgress: (event) => {
            // Files already on disk (cached, or unchanged in --local-dir) and resumed parts did not go over the wire.
            bytes = event.totalBytes - event.cachedBytes;
            fileCount = event.filesTotal;
            if (showProgress) progress.update(event.totalBytes, event.totalSize, event.cachedBytes);
          },
        });
        // One file (or folder pattern): its path below the folder, with the check every written path gets.
        const single = files.length === 1 ? files[0]!.replace(/\/+$/, "") : undefined;
        path = single !== undefined && repoPathProblem(single) === undefined ? joinRepoPath(folder, single, "file argument") : folder;
      }
      if (showProgress) progress.finish();
      if (options.json) return printJson({ path, files: fileCount, bytes });
      if (!options.quiet && fileCount > 0) {
        process.stderr.write(
          bytes > 0
            ? `Downloaded ${fileCount} file(s), ${formatBytes(bytes)} transferred\n`
            : `${fileCount} file(s) already cached, nothing transferred\n`,
        );
      }
      process.stdout.write(`${path}\n`);
    });
}
