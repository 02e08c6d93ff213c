import {
  createRepo,
  deleteRepo,
  listRepoTree,
  moveRepo,
  type RepoFile,
  type RepoFolder,
  type RepoInfo,
  repoInfo,
  type RepoType,
  updateRepoSettings,
} from "@hub/sdk";
import { type Command, Option } from "commander";
import { createContext, type JsonFlag, repoTypeOf, repoTypeOption } from "../context.ts";
import { UsageError } from "../errors.ts";
import { confirmOrRefuse } from "../input.ts";
import { formatBytes } from "../output/format.ts";
import { printJson } from "../output/json.ts";
import { printFields, printTable } from "../output/table.ts";

interface RepoTypeFlag {
  repoType: RepoType;
}

/** Adds `hub repo create|delete|move|settings|info|ls`. */
export function registerRepoCommands(program: Command): void {
  const repo = program.command("repo").description("create, delete, move, configure and inspect repositories");

  repo
    .command("create")
    .description("create a repository")
    .argument("<repo>", "namespace/name (or name, in your namespace)")
    .addOption(repoTypeOption())
    .option("--private", "create it private")
    .option("--exist-ok", "succeed when it already exists")
    .addOption(new Option("--space-sdk <sdk>", "SDK of a Space").choices(["gradio", "streamlit", "docker", "static"]))
    .option("--space-hardware <flavor>", "hardware of a Space, e.g. cpu-basic")
    .option("--json", "print the result as JSON")
    .action(
      async (
        repoId: string,
        options: RepoTypeFlag & JsonFlag & { private?: boolean; existOk?: boolean; spaceSdk?: "gradio"; spaceHardware?: string },
        command: Command,
      ) => {
        const url = await createRepo({
          ...(await createContext(command).authenticated()),
          repoId,
          repoType: repoTypeOf(options.repoType),
          private: options.private,
          existOk: options.existOk,
          spaceSdk: options.spaceSdk,
          spaceHardware: options.spaceHardware,
        });
        if (options.json)
          return printJson({ url: url.url, repoId: url.repoId, repoType: url.repoType, namespace: url.namespace, endpoint: url.endpoint });
        process.stdout.write(`Created ${url.repoType} ${url.repoId}: ${url.url}\n`);
      },
    );

  repo
    .command("delete")
    .description("delete a repository for good")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .option("--missing-ok", "succeed when it does not exist")
    .option("-y, --yes", "do not ask for confirmation (needed without a terminal)")
    .action(async (repoId: string, options: RepoTypeFlag & { missingOk?: boolean; yes?: boolean }, command: Command) => {
      const repoType = repoTypeOf(options.repoType);
      const hubOptions = await createContext(command).authenticated();
      await confirmOrRefuse(`Delete ${repoType} ${repoId}? This cannot be undone.`, options.yes, `Not deleted: ${repoId}`);
      await deleteRepo({ ...hubOptions, repoId, repoType, missingOk: options.missingOk });
      process.stdout.write(`Deleted ${repoId}.\n`);
    });

  repo
    .command("move")
    .description("rename a repository or transfer it to another namespace")
    .argument("<from>", "current namespace/name")
    .argument("<to>", "new namespace/name")
    .addOption(repoTypeOption())
    .action(async (fromId: string, toId: string, options: RepoTypeFlag, command: Command) => {
      await moveRepo({ ...(await createContext(command).authenticated()), fromId, toId, repoType: repoTypeOf(options.repoType) });
      process.stdout.write(`Moved ${fromId} to ${toId}.\n`);
    });

  repo
    .command("settings")
    .description("change visibility or gating")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .addOption(new Option("--private", "make it private").conflicts("public"))
    .option("--public", "make it public")
    .addOption(new Option("--gated <mode>", "access requests").choices(["auto", "manual", "false"]))
    .action(
      async (
        repoId: string,
        options: RepoTypeFlag & { private?: boolean; public?: boolean; gated?: "auto" | "manual" | "false" },
        command: Command,
      ) => {
        const isPrivate = options.private ? true : options.public ? false : undefined;
        const gated = options.gated === undefined ? undefined : options.gated === "false" ? false : options.gated;
        if (isPrivate === undefined && gated === undefined) throw new UsageError("Nothing to change: give --private, --public or --gated.");
        await updateRepoSettings({
          ...(await createContext(command).authenticated()),
          repoId,
          repoType: repoTypeOf(options.repoType),
          private: isPrivate,
          gated,
        });
        const changes = [
          isPrivate === undefined ? "" : isPrivate ? "private" : "public",
          gated === undefined ? "" : `gated: ${gated}`,
        ].filter(Boolean);
        process.stdout.write(`Updated ${repoId} (${changes.join(", ")}).\n`);
      },
    );

  repo
    .command("info")
    .description("show a repository: last commit, visibility, tags, files")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .option("--revision <rev>", "branch, tag or commit")
    .option("--files-metadata", "include file sizes and LFS details")
    .option("--json", "print the result as JSON")
    .action(async (repoId: string, options: RepoTypeFlag & JsonFlag & { revision?: string; filesMetadata?: boolean }, command: Command) => {
      const info = await repoInfo({
        ...(await createContext(command).options()),
        repoId,
        repoType: repoTypeOf(options.repoType),
        revision: options.revision,
        filesMetadata: options.filesMetadata,
      });
      if (options.json) return printJson(info);
      printRepoInfo(info);
    });

  repo
    .command("ls")
    .description("list the files of a repository")
    .argument("<repo>", "namespace/name")
    .argument("[path]", "folder to list (default: the root)")
    .addOption(repoTypeOption())
    .option("--revision <rev>", "branch, tag or commit")
    .option("--no-recursive", "only the folder's direct children")
    .option("--json", "print the entries as a JSON array")
    .action(
      async (
        repoId: string,
        pathInRepo: string | undefined,
        options: RepoTypeFlag & JsonFlag & { revision?: string; recursive: boolean },
        command: Command,
      ) => {
        const entries: (RepoFile | RepoFolder)[] = [];
        const tree = listRepoTree({
          ...(await createContext(command).options()),
          repoId,
          repoType: repoTypeOf(options.repoType),
          revision: options.revision,
          pathInRepo,
          recursive: options.recursive,
        });
        for await (const entry of tree) entries.push(entry);
        if (options.json) return printJson(entries);
        const shown = options.recursive ? entries.filter((entry) => entry.type === "file") : entries;
        printTable(
          shown,
          [
            { header: "path", value: (entry) => (entry.type === "directory" ? `${entry.path}/` : entry.path) },
            { header: "size", value: (entry) => (entry.type === "file" ? formatBytes(entry.size) : "") },
            { header: "lfs", value: (entry) => (entry.type === "file" && entry.lfs ? "lfs" : "") },
          ],
          "No files.",
        );
      },
    );
}

function printRepoInfo(info: RepoInfo): void {
  printFields({
    id: info.id,
    type: info.repoType,
    sha: info.sha,
    "last modified": info.lastModified,
    private: info.private,
    gated: info.gated,
    likes: info.likes,
    downloads: info.downloads,
    pipeline: info.repoType === "model" ? info.pipelineTag : undefined,
    sdk: info.repoType === "space" ? info.sdk : undefined,
    tags: info.tags.join(", "),
    files: info.siblings?.length,
  });
}
