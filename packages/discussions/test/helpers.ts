import type { RepoType } from "@hub/core";

/** Creates a repo through the raw API (the repos package is not a dependency of this one). */
export async function createRepo(
  hubUrl: string,
  token: string,
  repoId: string,
  repoType: RepoType = "model",
  options: { private?: boolean } = {},
): Promise<void> {
  const [organization, name] = repoId.split("/");
  const response = await fetch(`${hubUrl}/api/repos/create`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      name,
      organization,
      type: repoType,
      private: options.private ?? false,
      ...(repoType === "space" ? { sdk: "static" } : {}),
    }),
  });
  if (!response.ok) throw new Error(`createRepo ${repoId}: ${response.status} ${await response.text()}`);
}

/** One file of a raw commit. */
export interface RawFile {
  path: string;
  content: Uint8Array | string;
}

/** What the commit endpoint answers. */
export interface RawCommitResult {
  status: number;
  body: { commitOid?: string; pullRequestUrl?: string; error?: string };
}

/**
 * Commits files with a raw NDJSON `fetch` to `/api/{type}s/{repo}/commit/{revision}` (this package does
 * not depend on @hub/commits); `createPr` adds `?create_pr=1`.
 */
export async function rawCommit(
  hubUrl: string,
  token: string,
  target: { repoId: string; repoType?: RepoType; revision?: string; createPr?: boolean },
  summary: string,
  files: RawFile[],
): Promise<RawCommitResult> {
  const lines = [
    { key: "header", value: { summary, description: "" } },
    ...files.map((file) => ({
      key: "file",
      value: { path: file.path, encoding: "base64", content: Buffer.from(file.content).toString("base64") },
    })),
  ];
  const query = target.createPr ? "?create_pr=1" : "";
  const response = await fetch(
    `${hubUrl}/api/${target.repoType ?? "model"}s/${target.repoId}/commit/${encodeURIComponent(target.revision ?? "main")}${query}`,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-ndjson" },
      body: lines.map((line) => JSON.stringify(line)).join("\n") + "\n",
    },
  );
  return { status: response.status, body: (await response.json()) as RawCommitResult["body"] };
}

/** The commit a revision points to. */
export async function revisionSha(hubUrl: string, repoId: string, revision: string, repoType: RepoType = "model"): Promise<string> {
  const response = await fetch(`${hubUrl}/api/${repoType}s/${repoId}/revision/${encodeURIComponent(revision)}`);
  if (!response.ok) throw new Error(`revision ${revision}: ${response.status}`);
  return ((await response.json()) as { sha: string }).sha;
}

/** A fetch that counts its calls. */
export function countingFetch(): typeof fetch & { count: number } {
  const counter = Object.assign(
    (input: RequestInfo | URL, init?: RequestInit) => {
      counter.count++;
      return fetch(input, init);
    },
    { count: 0 },
  );
  return counter;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}
