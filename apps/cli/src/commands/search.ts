import { listDatasets, listModels, listSpaces, type RepoListItem } from "@hub/sdk";
import { type Command, Option } from "commander";
import { createContext, positiveInteger } from "../context.ts";
import { printJson } from "../output/json.ts";
import { type Column, printTable } from "../output/table.ts";

interface SearchOptions {
  author?: string;
  search?: string;
  filter?: string[];
  sort?: string;
  direction?: string;
  limit: number;
  full?: boolean;
  json?: boolean;
}

const KINDS = {
  models: {
    list: listModels,
    extra: { header: "pipeline", value: (item: RepoListItem) => (item as { pipelineTag?: string }).pipelineTag },
  },
  datasets: { list: listDatasets, extra: undefined },
  spaces: { list: listSpaces, extra: { header: "sdk", value: (item: RepoListItem) => (item as { sdk?: string }).sdk } },
} as const;

/** Adds `hub search models|datasets|spaces`. */
export function registerSearchCommands(program: Command): void {
  const search = program.command("search").description("search models, datasets and Spaces");
  for (const [kind, { list, extra }] of Object.entries(KINDS)) {
    search
      .command(kind)
      .description(`list ${kind} matching filters`)
      .argument("[query]", "words in the repo id (same as --search)")
      .option("--author <namespace>", "only repos of this user or organization")
      .option("--search <text>", "text the repo id contains")
      .option("--filter <tag...>", "tags that must all match (repeatable), e.g. text-classification license:mit")
      .option("--sort <field>", "sort by lastModified, likes, downloads, createdAt, id...")
      .addOption(new Option("--direction <direction>", "sort direction").choices(["asc", "desc"]))
      .option("--limit <n>", "at most this many results", positiveInteger("--limit"), 20)
      .option("--full", "ask for full records (files, card data)")
      .option("--json", "print the results as a JSON array")
      .action(async (query: string | undefined, options: SearchOptions, command: Command) => {
        const params = {
          ...(await createContext(command).options()),
          author: options.author,
          search: options.search ?? query,
          filter: options.filter,
          sort: options.sort,
          direction: options.direction === undefined ? undefined : options.direction === "asc" ? (1 as const) : (-1 as const),
          limit: options.limit,
          full: options.full,
        };
        const items: RepoListItem[] = [];
        for await (const item of list(params)) items.push(item);
        if (options.json) return printJson(items);
        const columns: Column<RepoListItem>[] = [
          { header: "id", value: (item) => item.id },
          { header: "likes", value: (item) => item.likes },
          { header: "downloads", value: (item) => item.downloads },
          { header: "modified", value: (item) => item.lastModified },
        ];
        if (extra) columns.push(extra);
        printTable(items, columns, `No ${kind} found.`);
      });
  }
}
