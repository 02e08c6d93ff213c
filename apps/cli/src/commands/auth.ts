import { type WhoAmI, whoami } from "@hub/sdk";
import { readFile } from "node:fs/promises";
import {
  deleteStoredToken,
  deleteStoredTokens,
  deleteToken,
  getToken,
  saveStoredToken,
  saveToken,
  setAccessToken,
  storedTokensPath,
  tokenPath,
  unsetAccessToken,
} from "@hub/sdk/node";
import type { Command } from "commander";
import { createContext } from "../context.ts";
import { UsageError } from "../errors.ts";
import { readSecretLine } from "../input.ts";
import { printJson } from "../output/json.ts";
import { printFields } from "../output/table.ts";

/** The name a token is stored under when neither `--token-name` nor the Hub gives one. */
const DEFAULT_TOKEN_NAME = "hub-cli";

/** Adds `hub auth login|logout|whoami`. */
export function registerAuthCommands(program: Command): void {
  const auth = program.command("auth").description("log in, log out, show who you are");

  auth
    .command("login")
    .description("check a token with the Hub and save it where the Python client saves it (HF_HOME/token and HF_HOME/stored_tokens)")
    .option("--token-name <name>", "name it is stored under in stored_tokens (default: the token's name on the Hub)")
    .option("--add-to-git-credential", "also store it in git's credential store for this Hub (user hf_user)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      "\nThe token comes from --token, else it is read from stdin (prompted on a terminal).\nIt becomes the active token and is added to stored_tokens, which `hf auth list` / `hf auth switch` read.",
    )
    .action(async (options: { json?: boolean; addToGitCredential?: boolean; tokenName?: string }, command: Command) => {
      const context = createContext(command);
      const explicit = command.optsWithGlobals<{ token?: string }>().token;
      const accessToken = (explicit ?? (await readSecretLine("Token (input hidden): "))).trim();
      if (!accessToken) throw new UsageError("No token given: pass --token or type it when asked (create one in your Hub settings).");
      const user = await whoami({ hubUrl: context.hubUrl, accessToken, onRetry: context.onRetry });
      const tokenName = options.tokenName?.trim() || user.auth.tokenName?.trim() || DEFAULT_TOKEN_NAME;
      const storedPath = await saveStoredToken(tokenName, accessToken);
      const path = await saveToken(accessToken);
      if (options.addToGitCredential) await setAccessToken(accessToken, { hubUrl: context.hubUrl });
      if (options.json)
        return printJson({
          name: user.name,
          role: user.auth.role,
          tokenName,
          tokenPath: path,
          storedTokensPath: storedPath,
          endpoint: context.hubUrl,
        });
      process.stdout.write(
        `Logged in as ${user.name}${user.auth.role ? ` (token role: ${user.auth.role})` : ""}. Token "${tokenName}" saved to ${path} and ${storedPath}\n`,
      );
      if (process.env.HF_TOKEN && process.env.HF_TOKEN.trim() !== accessToken) {
        process.stderr.write("Note: HF_TOKEN is set and takes precedence over the saved token.\n");
      }
    });

  auth
    .command("logout")
    .description(
      "delete the saved tokens (token, stored_tokens) and the git credential stored for this Hub; with --token-name only that one",
    )
    .option("--token-name <name>", "remove only this token from stored_tokens (and the active token, if it is this one)")
    .action(async (options: { tokenName?: string }, command: Command) => {
      const hubUrl = createContext(command).hubUrl;
      if (options.tokenName !== undefined) {
        const removed = await deleteStoredToken(options.tokenName);
        if (removed === undefined)
          throw new UsageError(`No token named "${options.tokenName}" in ${storedTokensPath()} (\`hf auth list\` shows the names).`);
        // As the Python client: logging out of the active token also removes the token file.
        const active = await readFile(tokenPath(), "utf8").then(
          (text) => text.trim(),
          () => undefined,
        );
        if (active === removed) {
          await deleteToken();
          await unsetAccessToken({ hubUrl }).catch(() => undefined);
        }
        process.stdout.write(
          `Logged out of "${options.tokenName.trim()}": removed it from ${storedTokensPath()}${active === removed ? ` and ${tokenPath()}` : ""}\n`,
        );
      } else {
        // As the Python client's logout() without a name: every saved token goes.
        await deleteToken();
        await deleteStoredTokens();
        await unsetAccessToken({ hubUrl }).catch(() => undefined);
        process.stdout.write(`Logged out: removed ${tokenPath()} and ${storedTokensPath()}\n`);
      }
      if (await getToken()) process.stderr.write("Note: HF_TOKEN (or HUGGING_FACE_HUB_TOKEN) is still set in the environment.\n");
    });

  auth
    .command("whoami")
    .description("show the user the token belongs to, its organizations and the token role")
    .option("--json", "print the result as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const user = await whoami(await createContext(command).authenticated());
      if (options.json) return printJson(whoAmIJson(user));
      printFields({
        user: user.name,
        fullname: user.fullname,
        email: user.email,
        orgs: user.orgs.map((org) => org.name).join(", "),
        "token role": user.auth.role,
      });
    });
}

function whoAmIJson(user: WhoAmI) {
  return {
    type: user.type,
    name: user.name,
    fullname: user.fullname,
    email: user.email,
    orgs: user.orgs.map((org) => ({ name: org.name, fullname: org.fullname, roleInOrg: org.roleInOrg })),
    auth: { type: user.auth.type, role: user.auth.role, tokenName: user.auth.tokenName },
  };
}
