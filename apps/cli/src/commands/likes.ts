import { like, listLikedRepos, type RepoType, unlike } from "@hub/sdk";
import type { Command } from "commander";
import { createContext, type JsonFlag, repoTypeOf, repoTypeOption } from "../context.ts";
import { printJson } from "../output/json.ts";
import { printTable } from "../output/table.ts";

/** Adds `hub like`, `hub unlike` and `hub likes`. */
export function registerLikeCommands(program: Command): void {
  program
    .command("like")
    .description("like a repository")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .action(async (repoId: string, options: { repoType: RepoType }, command: Command) => {
      await like({ ...(await createContext(command).authenticated()), repoId, repoType: repoTypeOf(options.repoType) });
      process.stdout.write(`Liked ${repoId}.\n`);
    });
  program
    .command("unlike")
    .description("remove your like from a repository")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .action(async (repoId: string, options: { repoType: RepoType }, command: Command) => {
      await unlike({ ...(await createContext(command).authenticated()), repoId, repoType: repoTypeOf(options.repoType) });
      process.stdout.write(`Unliked ${repoId}.\n`);
    });
  program
    .command("likes")
    .description("list the public repositories a user likes (default: you)")
    .argument("[user]", "user name")
    .option("--json", "print the result as JSON")
    .action(async (user: string | undefined, options: JsonFlag, command: Command) => {
      const context = createContext(command);
      const likes = await listLikedRepos({ ...(user ? await context.options() : await context.authenticated()), user });
      if (options.json) return printJson(likes);
      const rows = [
        ...likes.models.map((id) => ({ id, type: "model" })),
        ...likes.datasets.map((id) => ({ id, type: "dataset" })),
        ...likes.spaces.map((id) => ({ id, type: "space" })),
      ];
      printTable(
        rows,
        [
          { header: "type", value: (row) => row.type },
          { header: "id", value: (row) => row.id },
        ],
        `${likes.user} likes no public repositories.`,
      );
    });
}
