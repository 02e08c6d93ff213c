import {
  changeDiscussionStatus,
  commentDiscussion,
  createDiscussion,
  type Discussion,
  type DiscussionEvent,
  getDiscussionDetails,
  getRepoDiscussions,
  mergePullRequest,
  type RepoType,
} from "@hub/sdk";
import { type Command, Option } from "commander";
import { createContext, type JsonFlag, positiveInteger, repoTypeOf, repoTypeOption } from "../context.ts";
import { readAllStdin } from "../input.ts";
import { printJson } from "../output/json.ts";
import { printFields, printTable } from "../output/table.ts";

interface RepoTypeFlag {
  repoType: RepoType;
}

/** Adds `hub discussions list|show|create|comment|close|reopen|merge`. */
export function registerDiscussionCommands(program: Command): void {
  const discussions = program.command("discussions").description("discussions and pull requests of a repository");
  const discussionNumber = positiveInteger("discussion number");

  discussions
    .command("list")
    .description("list discussions and pull requests, newest first")
    .argument("<repo>", "namespace/name")
    .addOption(repoTypeOption())
    .option("--author <user>", "only those opened by this user")
    .addOption(new Option("--type <type>", "discussion, pull_request or all").choices(["all", "discussion", "pull_request"]).default("all"))
    .addOption(new Option("--status <status>", "open, closed or all").choices(["all", "open", "closed"]).default("all"))
    .option("--limit <n>", "at most this many", positiveInteger("--limit"))
    .option("--json", "print the discussions as a JSON array")
    .action(
      async (
        repoId: string,
        options: RepoTypeFlag & JsonFlag & { author?: string; type: "all"; status: "all"; limit?: number },
        command: Command,
      ) => {
        const items: Discussion[] = [];
        const list = getRepoDiscussions({
          ...(await createContext(command).options()),
          repoId,
          repoType: repoTypeOf(options.repoType),
          author: options.author,
          discussionType: options.type,
          discussionStatus: options.status,
          limit: options.limit,
        });
        for await (const item of list) items.push(item);
        if (options.json) return printJson(items);
        printTable(
          items,
          [
            { header: "#", value: (item) => item.num },
            { header: "kind", value: (item) => (item.isPullRequest ? "PR" : "discussion") },
            { header: "status", value: (item) => item.status },
            { header: "author", value: (item) => item.author },
            { header: "title", value: (item) => item.title },
          ],
          "No discussions.",
        );
      },
    );

  discussions
    .command("show")
    .description("show a discussion or pull request with its events")
    .argument("<repo>", "namespace/name")
    .argument("<num>", "discussion number", discussionNumber)
    .addOption(repoTypeOption())
    .option("--diff", "print the pull request's diff")
    .option("--json", "print the discussion as JSON")
    .action(async (repoId: string, discussionNum: number, options: RepoTypeFlag & JsonFlag & { diff?: boolean }, command: Command) => {
      const details = await getDiscussionDetails({
        ...(await createContext(command).options()),
        repoId,
        repoType: repoTypeOf(options.repoType),
        discussionNum,
      });
      if (options.json) return printJson(details);
      printFields({
        title: `#${details.num} ${details.title}`,
        kind: details.isPullRequest ? "pull request" : "discussion",
        status: details.status,
        author: details.author,
        created: details.createdAt,
        ref: details.gitReference,
        target: details.targetBranch,
        "merge commit": details.mergeCommitOid,
        conflicts: details.conflictingFiles.join(", "),
        url: details.url,
      });
      for (const event of details.events) process.stdout.write(`\n${describeEvent(event)}`);
      process.stdout.write("\n");
      if (options.diff && details.diff) process.stdout.write(`\n${details.diff}${details.diff.endsWith("\n") ? "" : "\n"}`);
    });

  discussions
    .command("create")
    .description("open a discussion, or a pull request with --pull-request")
    .argument("<repo>", "namespace/name")
    .requiredOption("--title <title>", "3 to 200 characters")
    .option("--description <text>", "Markdown body")
    .option("--pull-request", "open a (draft) pull request instead")
    .addOption(repoTypeOption())
    .option("--json", "print the new discussion as JSON")
    .action(
      async (
        repoId: string,
        options: RepoTypeFlag & JsonFlag & { title: string; description?: string; pullRequest?: boolean },
        command: Command,
      ) => {
        const created = await createDiscussion({
          ...(await createContext(command).authenticated()),
          repoId,
          repoType: repoTypeOf(options.repoType),
          title: options.title,
          description: options.description,
          pullRequest: options.pullRequest,
        });
        if (options.json) return printJson(created);
        process.stdout.write(`Opened ${created.isPullRequest ? "pull request" : "discussion"} #${created.num}: ${created.url}\n`);
        if (created.gitReference) process.stdout.write(`Push to it with --revision ${created.gitReference}\n`);
      },
    );

  discussions
    .command("comment")
    .description("comment on a discussion or pull request (the text is read from stdin when not given)")
    .argument("<repo>", "namespace/name")
    .argument("<num>", "discussion number", discussionNumber)
    .argument("[comment]", "Markdown text")
    .addOption(repoTypeOption())
    .option("--json", "print the new comment as JSON")
    .action(async (repoId: string, discussionNum: number, text: string | undefined, options: RepoTypeFlag & JsonFlag, command: Command) => {
      const comment = text ?? (await readAllStdin());
      const created = await commentDiscussion({
        ...(await createContext(command).authenticated()),
        repoId,
        repoType: repoTypeOf(options.repoType),
        discussionNum,
        comment,
      });
      if (options.json) return printJson(created);
      process.stdout.write(`Commented on #${discussionNum} of ${repoId}.\n`);
    });

  for (const [name, newStatus, verb] of [
    ["close", "closed", "Closed"],
    ["reopen", "open", "Reopened"],
  ] as const) {
    discussions
      .command(name)
      .description(`${name} a discussion or pull request`)
      .argument("<repo>", "namespace/name")
      .argument("<num>", "discussion number", discussionNumber)
      .option("--comment <text>", "comment posted with the change")
      .addOption(repoTypeOption())
      .option("--json", "print the status change as JSON")
      .action(async (repoId: string, discussionNum: number, options: RepoTypeFlag & JsonFlag & { comment?: string }, command: Command) => {
        const context = await createContext(command).authenticated();
        const change = await changeDiscussionStatus({
          ...context,
          repoId,
          repoType: repoTypeOf(options.repoType),
          discussionNum,
          newStatus,
          comment: options.comment,
        });
        if (options.json) return printJson(change);
        process.stdout.write(`${verb} #${discussionNum} of ${repoId}.\n`);
      });
  }

  discussions
    .command("merge")
    .description("merge a pull request into its target branch")
    .argument("<repo>", "namespace/name")
    .argument("<num>", "pull request number", discussionNumber)
    .option("--comment <text>", "comment posted with the merge")
    .addOption(repoTypeOption())
    .option("--json", "print the status change as JSON")
    .action(async (repoId: string, discussionNum: number, options: RepoTypeFlag & JsonFlag & { comment?: string }, command: Command) => {
      const context = await createContext(command).authenticated();
      const change = await mergePullRequest({
        ...context,
        repoId,
        repoType: repoTypeOf(options.repoType),
        discussionNum,
        comment: options.comment,
      });
      if (options.json) return printJson(change ?? { newStatus: "merged" });
      process.stdout.write(`Merged pull request #${discussionNum} of ${repoId}.\n`);
    });
}

function describeEvent(event: DiscussionEvent): string {
  const head = `[${event.createdAt.toISOString().replace(/\.\d{3}Z$/, "Z")}] ${event.author}`;
  switch (event.type) {
    case "comment":
      return `${head} commented${event.edited ? " (edited)" : ""}:\n${event.hidden ? "  (hidden)" : indent(event.content)}\n`;
    case "status-change":
      return `${head} changed the status to ${event.newStatus}\n`;
    case "title-change":
      return `${head} renamed "${event.oldTitle}" to "${event.newTitle}"\n`;
    case "commit":
      return `${head} pushed ${event.oid.slice(0, 7)} ${event.summary}\n`;
    default:
      return `${head} ${event.eventType}\n`;
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
