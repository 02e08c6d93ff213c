import { createBranch, createTag, deleteBranch, deleteTag, type GitRefInfo, listRepoRefs, type RepoType } from "@hub/sdk";
import type { Command } from "commander";
import { createContext, type JsonFlag, repoTypeOf, repoTypeOption } from "../context.ts";
import { printJson } from "../output/json.ts";
import { printTable } from "../output/table.ts";

interface RefOptions {
  repoType: RepoType;
  revision?: string;
  existOk?: boolean;
}

/** Adds `hub branch create|delete|list` and `hub tag create|delete|list`. */
export function registerRefCommands(program: Command): void {
  const branch = program.command("branch").description("create, delete and list branches");
  branch
    .command("create")
    .description("create a branch")
    .argument("<repo>", "namespace/name")
    .argument("<branch>", "name of the new branch")
    .addOption(repoTypeOption())
    .option("--revision <rev>", "where the branch starts (default: head of main)")
    .option("--exist-ok", "succeed when the branch exists")
    .action(async (repoId: string, name: string, options: RefOptions, command: Command) => {
      const context = await createContext(command).authenticated();
      await createBranch({
        ...context,
        repoId,
        repoType: repoTypeOf(options.repoType),
        branch: name,
        revision: options.revision,
        existOk: options.existOk,
      });
      process.stdout.write(`Created branch ${name} on ${repoId}.\n`);
    });
  branch
    .command("delete")
    .description("delete a branch")
    .argument("<repo>", "namespace/name")
    .argument("<branch>", "branch to delete")
    .addOption(repoTypeOption())
    .action(async (repoId: string, name: string, options: RefOptions, command: Command) => {
      await deleteBranch({
        ...(await createContext(command).authenticated()),
        repoId,
        repoType: repoTypeOf(options.repoType),
        branch: name,
      });
      process.stdout.write(`Deleted branch ${name} of ${repoId}.\n`);
    });
  branch
    .command("list")
    .description("list branches")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .option("--json", "print the branches as a JSON array")
    .action(async (repoId: string, options: RefOptions & JsonFlag, command: Command) => {
      const refs = await listRepoRefs({ ...(await createContext(command).options()), repoId, repoType: repoTypeOf(options.repoType) });
      printRefs(refs.branches, options.json, "No branches.");
    });

  const tag = program.command("tag").description("create, delete and list tags");
  tag
    .command("create")
    .description("tag a revision")
    .argument("<repo>", "namespace/name")
    .argument("<tag>", "tag name, e.g. v1.0")
    .addOption(repoTypeOption())
    .option("-m, --message <text>", "message of an annotated tag")
    .option("--revision <rev>", "what to tag (default: head of main)")
    .option("--exist-ok", "succeed when the tag exists")
    .action(async (repoId: string, name: string, options: RefOptions & { message?: string }, command: Command) => {
      const context = await createContext(command).authenticated();
      await createTag({
        ...context,
        repoId,
        repoType: repoTypeOf(options.repoType),
        tag: name,
        tagMessage: options.message,
        revision: options.revision,
        existOk: options.existOk,
      });
      process.stdout.write(`Created tag ${name} on ${repoId}${options.revision ? ` at ${options.revision}` : ""}.\n`);
    });
  tag
    .command("delete")
    .description("delete a tag")
    .argument("<repo>", "namespace/name")
    .argument("<tag>", "tag to delete")
    .addOption(repoTypeOption())
    .action(async (repoId: string, name: string, options: RefOptions, command: Command) => {
      await deleteTag({ ...(await createContext(command).authenticated()), repoId, repoType: repoTypeOf(options.repoType), tag: name });
      process.stdout.write(`Deleted tag ${name} of ${repoId}.\n`);
    });
  tag
    .command("list")
    .description("list tags")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .option("--json", "print the tags as a JSON array")
    .action(async (repoId: string, options: RefOptions & JsonFlag, command: Command) => {
      const refs = await listRepoRefs({ ...(await createContext(command).options()), repoId, repoType: repoTypeOf(options.repoType) });
      printRefs(refs.tags, options.json, "No tags.");
    });
}

function printRefs(refs: readonly GitRefInfo[], json: boolean | undefined, empty: string): void {
  if (json) return printJson(refs);
  printTable(
    refs,
    [
      { header: "name", value: (ref) => ref.name },
      { header: "commit", value: (ref) => ref.targetCommit },
    ],
    empty,
  );
}
