import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { release, type } from "node:os";
import { redactText } from "@hub/sdk";
import { cleanToken, hfHome, hubCacheDir, storedTokensPath, tokenPath } from "@hub/sdk/node";
import type { Command } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { createContext, type GlobalOptions, type JsonFlag } from "../context.ts";
import { printJson } from "../output/json.ts";
import { printFields } from "../output/table.ts";

/** The packages whose versions `hub env` shows. */
const PACKAGES = [
  "@hub/sdk",
  "@hub/core",
  "@hub/auth",
  "@hub/repos",
  "@hub/commits",
  "@hub/discussions",
  "@hub/spaces",
  "@hub/search",
] as const;

/** Settings read from the environment, shown as they are set (or unset). */
const SETTINGS = [
  "HF_ENDPOINT",
  "HF_HOME",
  "HF_HUB_CACHE",
  "HF_TOKEN_PATH",
  "HF_HUB_OFFLINE",
  "HF_HUB_DISABLE_PROGRESS_BARS",
  "HF_HUB_DOWNLOAD_TIMEOUT",
  "HF_HUB_DISABLE_SYMLINKS",
  "HF_HUB_DISABLE_IMPLICIT_TOKEN",
] as const;

/** Proxy variables (both cases, as undici and curl read them); values are shown without credentials. */
const PROXIES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"] as const;

const TRUE_VALUES = /^(1|true|yes|on)$/i;

/** A proxy (or endpoint) URL without the user and password it may carry (`http://***@proxy:3128`), and without tokens. */
export function redactProxy(value: string): string {
  return redactText(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]+@/i, (_match, scheme: string | undefined) => `${scheme ?? ""}***@`));
}

/** The version of each `@hub/*` package this CLI runs with, resolved as Node would load them. */
function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  let fromSdk: NodeJS.Require | undefined;
  try {
    fromSdk = createRequire(createRequire(import.meta.url).resolve("@hub/sdk/package.json"));
  } catch {
    // Not installed next to the CLI: every package reads as not found.
  }
  for (const name of PACKAGES) {
    try {
      versions[name] = (fromSdk!(`${name}/package.json`) as { version: string }).version;
    } catch {
      versions[name] = "not found";
    }
  }
  return versions;
}

/** Where the token a command would use comes from (never its value). */
async function tokenSource(explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (cleanToken(explicit)) return "--token";
  if (TRUE_VALUES.test(env.HF_HUB_DISABLE_IMPLICIT_TOKEN?.trim() ?? "")) return undefined;
  if (cleanToken(env.HF_TOKEN)) return "HF_TOKEN";
  if (cleanToken(env.HUGGING_FACE_HUB_TOKEN)) return "HUGGING_FACE_HUB_TOKEN";
  const saved = await readFile(tokenPath(env), "utf8").catch(() => undefined);
  return cleanToken(saved) ? "token file" : undefined;
}

/** Everything `hub env` reports, in its JSON form. */
export async function collectEnvironment(command: Command, env: NodeJS.ProcessEnv = process.env) {
  const context = createContext(command);
  const source = await tokenSource(command.optsWithGlobals<GlobalOptions>().token, env);
  const downloadTimeout = Number(env.HF_HUB_DOWNLOAD_TIMEOUT?.trim());
  return {
    cli: packageJson.version,
    packages: packageVersions(),
    node: process.version,
    platform: `${type()} ${release()} (${process.platform}-${process.arch})`,
    endpoint: redactProxy(context.hubUrl),
    hfHome: hfHome(env),
    hubCache: hubCacheDir(env),
    tokenPath: tokenPath(env),
    storedTokensPath: storedTokensPath(env),
    token: { set: source !== undefined, source: source ?? null },
    offline: TRUE_VALUES.test((env.HF_HUB_OFFLINE || env.TRANSFORMERS_OFFLINE)?.trim() ?? ""),
    progressBars: !TRUE_VALUES.test(env.HF_HUB_DISABLE_PROGRESS_BARS?.trim() ?? ""),
    downloadTimeoutSeconds: Number.isFinite(downloadTimeout) && downloadTimeout > 0 ? downloadTimeout : null,
    // A URL may carry a user and password too (`HF_ENDPOINT=https://user:pass@hub.example`).
    variables: Object.fromEntries(
      SETTINGS.map((name) => [
        name,
        env[name] === undefined ? null : name === "HF_ENDPOINT" ? redactProxy(env[name]!) : redactText(env[name]!),
      ]),
    ),
    proxies: Object.fromEntries(PROXIES.filter((name) => env[name] !== undefined).map((name) => [name, redactProxy(env[name]!)])),
  };
}

/** Adds `hub env`. */
export function registerEnvCommand(program: Command): void {
  program
    .command("env")
    .description("show versions, paths and settings (for bug reports); never shows a token")
    .option("--json", "print the result as JSON")
    .action(async (options: JsonFlag, command: Command) => {
      const report = await collectEnvironment(command);
      if (options.json) return printJson(report);
      printFields({
        "hub CLI version": report.cli,
        ...Object.fromEntries(Object.entries(report.packages).map(([name, version]) => [name, version])),
        "Node.js": report.node,
        platform: report.platform,
        endpoint: report.endpoint,
        "hf home": report.hfHome,
        "hub cache": report.hubCache,
        "token path": report.tokenPath,
        "stored tokens": report.storedTokensPath,
        token: report.token.set ? `set (from ${report.token.source})` : "not set",
        offline: report.offline,
        "progress bars": report.progressBars ? "on" : "off (HF_HUB_DISABLE_PROGRESS_BARS)",
        "download timeout":
          report.downloadTimeoutSeconds === null ? "default (stall 30 s)" : `${report.downloadTimeoutSeconds} s (HF_HUB_DOWNLOAD_TIMEOUT)`,
        ...Object.fromEntries(Object.entries(report.variables).map(([name, value]) => [name, value ?? "(unset)"])),
        ...report.proxies,
      });
    });
}
