import { Command, CommanderError, Option } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { registerAuthCommands } from "./commands/auth.ts";
import { registerCacheCommands } from "./commands/cache.ts";
import { registerDownloadCommand } from "./commands/download.ts";
import { registerEnvCommand } from "./commands/env.ts";
import { registerDiscussionCommands } from "./commands/discussions.ts";
import { registerLikeCommands } from "./commands/likes.ts";
import { registerRefCommands } from "./commands/refs.ts";
import { registerRepoCommands } from "./commands/repo.ts";
import { registerUploadCommand } from "./commands/upload.ts";
import { registerSearchCommands } from "./commands/search.ts";
import { registerSpacesCommands } from "./commands/spaces.ts";
import { describeError, EXIT_USAGE } from "./errors.ts";
import { redactText } from "@hub/sdk";

/** Builds the `hub` program with every command group. */
export function buildProgram(): Command {
  const program = new Command("hub")
    .description("Work with the Hugging Face Hub (or a compatible server) from the command line.")
    .version(packageJson.version, "-V, --version")
    .addOption(new Option("--endpoint <url>", "Hub endpoint").env("HF_ENDPOINT"))
    .addOption(new Option("--token <token>", "access token (default: HF_TOKEN, then the saved token)"))
    .option("--debug", "print stack traces on errors")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true });
  registerAuthCommands(program);
  registerRepoCommands(program);
  registerUploadCommand(program);
  registerDownloadCommand(program);
  registerCacheCommands(program);
  registerRefCommands(program);
  registerDiscussionCommands(program);
  registerSearchCommands(program);
  registerSpacesCommands(program);
  registerLikeCommands(program);
  registerEnvCommand(program);
  return program;
}

/** Runs the program on `argv` and returns the exit code (0, 1 usage, 2 Hub). */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const report = describeError(error);
    process.stderr.write(`Error: ${report.message}\n`);
    if (argv.includes("--debug") && error instanceof Error && error.stack) process.stderr.write(`${redactText(error.stack)}\n`);
    return report.exitCode;
  }
}

const interrupted = () => {
  process.stderr.write("\nInterrupted.\n");
  process.exit(130);
};
process.once("SIGINT", interrupted);
process.once("SIGTERM", interrupted);
process.exitCode = await run(process.argv.slice(2));
