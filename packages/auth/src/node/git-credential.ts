import { HubError, HubValidationError, redactText } from "@hub/core";
import { type EnvironmentOptions } from "./paths.ts";
import { getHubUrl } from "./get-hub-url.ts";

/** Options of `setAccessToken` and `unsetAccessToken`. */
export interface GitCredentialOptions extends EnvironmentOptions {
  /** The Hub whose git credential is stored; default `HF_ENDPOINT` or `https://huggingface.co`. */
  hubUrl?: string;
}

/** The user name the Python client stores with Hub git credentials. */
export const GIT_CREDENTIAL_USERNAME = "hf_user";

/**
 * Runs `git credential-store <action>` with `input` on stdin. `node:child_process` is loaded here, on
 * first use: loading it costs ~10 ms of CPU, which every `import("@hub/sdk/node")` would pay.
 */
export async function runCredentialStore(
  action: "store" | "erase",
  input: string,
  options: GitCredentialOptions,
  secret?: string,
): Promise<void> {
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["credential-store", action], {
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => reject(new HubError(`Could not run git credential-store ${action}: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) return resolve();
      const message = secret ? redactText(stderr).split(secret).join("REDACTED") : redactText(stderr);
      reject(new HubError(`git credential-store ${action} failed (exit ${code}): ${message.trim()}`));
    });
    child.stdin.end(input);
  });
}

/** The endpoint URL git credentials are keyed by. */
export function credentialUrl(options: GitCredentialOptions): string {
  const url = options.hubUrl ?? getHubUrl(options);
  if (!/^https?:\/\/[^/]+/i.test(url)) throw new HubValidationError([{ field: "hubUrl", rule: "must be an absolute http(s) URL" }]);
  return url.replace(/\/+$/, "");
}
