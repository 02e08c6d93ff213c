import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import * as sdk from "@hub/sdk";
import * as sdkNode from "@hub/sdk/node";
import type { HubOptions, RepoType } from "@hub/sdk";
import type { Command } from "commander";
import { createContext, type JsonFlag, repoTypeOf, repoTypeOption } from "../context.ts";
import { UsageError } from "../errors.ts";
import { formatBytes } from "../output/format.ts";
import { printJson } from "../output/json.ts";
import { createProgress } from "../output/progress.ts";
import { type UploadProgress, type UploadResult, uploadProgressBytes } from "./upload-types.ts";

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
}

type UploadFunction = (params: Record<string, unknown>) => Promise<UploadResult>;

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
    .action(async (repoId: string, localPath: string, pathInRepo: string | undefined, options: UploadOptions, command: Command) => {
      const target = resolve(localPath);
      const kind = await pathKind(target, localPath);
      if (kind === "file" && (options.include || options.exclude || options.delete)) {
        throw new UsageError("--include, --exclude and --delete apply to folder uploads only.");
      }
      const hubOptions: HubOptions = await createContext(command).authenticated();
      const progress = createProgress({ label: "Uploading" });
      const showProgress = !options.quiet && !options.json;
      let uploaded = 0;
      const onProgress = (event: UploadProgress) => {
        const bytes = uploadProgressBytes(event);
        if (!bytes) return;
        uploaded = bytes.done;
        if (showProgress) progress.update(bytes.done, bytes.total);
      };
      const common = {
        ...hubOptions,
        repoId,
        repoType: repoTypeOf(options.repoType),
        revision: options.revision,
        createPr: options.createPr,
        commitMessage: options.commitMessage,
        commitDescription: options.commitDescription,
        onProgress,
      };
      const result =
        kind === "file"
          ? await operation(sdk, "uploadFile")({ ...common, file: await openAsBlob(target), pathInRepo: pathInRepo ?? basename(target) })
          : await operation(sdkNode, "uploadFolder")({
              ...common,
              folderPath: target,
              pathInRepo,
              allowPatterns: options.include,
              ignorePatterns: options.exclude,
              deletePatterns: options.delete,
            });
      if (showProgress) progress.finish();
      if (options.json) return printJson({ url: result.url, commit: result.commit });
      if (!options.quiet && !progress.visible && uploaded > 0) process.stderr.write(`Uploaded ${formatBytes(uploaded)}\n`);
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

function operation(module: object, name: string): UploadFunction {
  const found = (module as Record<string, unknown>)[name];
  if (typeof found !== "function") throw new UsageError(`This build of @hub/sdk has no ${name} yet: upgrade @hub/sdk.`);
  return found as UploadFunction;
}
