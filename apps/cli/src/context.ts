import type { HubOptions, RepoType } from "@hub/sdk";
import { getHubUrl, getToken } from "@hub/sdk/node";
import { type Command, InvalidArgumentError, Option } from "commander";
import { MissingTokenError, UsageError } from "./errors.ts";
import { createRetryStatus } from "./output/retry-status.ts";

/** Options every command accepts (declared on the program). */
export interface GlobalOptions {
  /** Hub endpoint, else `HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
  /** Access token, else `HF_TOKEN`, else the saved token file. */
  token?: string;
  /** Print stack traces. */
  debug?: boolean;
}

/** What a command needs to call the SDK: the Hub options and helpers to get the token. */
export interface CommandContext {
  /** Hub endpoint without trailing slash. */
  hubUrl: string;
  /** Hub options with the token when one was found (for reads that work anonymously too). */
  options(): Promise<HubOptions>;
  /** Hub options with a token, or a `MissingTokenError`. */
  authenticated(): Promise<HubOptions & { accessToken: string }>;
  /** The token found (explicit, HF_TOKEN or file), if any. */
  token(): Promise<string | undefined>;
  /** Shows a retry on stderr (the `onRetry` the Hub options carry). */
  onRetry: NonNullable<HubOptions["onRetry"]>;
}

/** Builds the context of a command from the program's global options and the environment. */
export function createContext(command: Command): CommandContext {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const hubUrl = (globals.endpoint?.trim() || getHubUrl()).replace(/\/+$/, "");
  let resolved: Promise<string | undefined> | undefined;
  const token = () => (resolved ??= getToken({ accessToken: globals.token }));
  // Retries are shown ("Connection refused by ..., retrying") instead of waiting in silence.
  const onRetry = createRetryStatus();
  return {
    hubUrl,
    token,
    onRetry,
    async options() {
      const accessToken = await token();
      return accessToken ? { hubUrl, accessToken, onRetry } : { hubUrl, onRetry };
    },
    async authenticated() {
      const accessToken = await token();
      if (!accessToken) throw new MissingTokenError();
      return { hubUrl, accessToken, onRetry };
    },
  };
}

/** The repo types the CLI accepts for `--repo-type`. */
export const REPO_TYPE_CHOICES: readonly RepoType[] = ["model", "dataset", "space"];

/** Validates `--repo-type` (commander also restricts choices; this narrows the type). */
export function repoTypeOf(value: string | undefined): RepoType {
  if (value === undefined) return "model";
  if ((REPO_TYPE_CHOICES as readonly string[]).includes(value)) return value as RepoType;
  throw new UsageError(`Invalid --repo-type "${value}": use model, dataset or space.`);
}

/** Parses a positive integer argument such as a discussion number or `--limit`. */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`${name} must be a positive integer.`);
    return number;
  };
}

/** The `--repo-type` option (model, dataset or space; default model). */
export function repoTypeOption(): Option {
  return new Option("--repo-type <type>", "repository type").choices(REPO_TYPE_CHOICES).default("model");
}

/** Options of commands that print results: `--json` for the stable machine-readable form. */
export interface JsonFlag {
  json?: boolean;
}
