import { uploadFiles } from "@huggingface/hub";
import type { RepoType } from "@hub/core";
import type { TestServer } from "@hub/server/testing";

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Commits files to a repository with the official client (our commit API lives in another package). */
export async function putFiles(
  hub: TestServer,
  repoId: string,
  files: Record<string, string | Uint8Array>,
  options: { repoType?: RepoType; token?: string; branch?: string } = {},
): Promise<void> {
  await uploadFiles({
    repo: { type: options.repoType ?? "model", name: repoId },
    accessToken: options.token ?? hub.tokens.alice,
    hubUrl: hub.url,
    branch: options.branch,
    useXet: false,
    files: Object.entries(files).map(([path, content]) => ({ path, content: new Blob([content as BlobPart]) })),
  });
}

/** A fetch that records every request it forwards. */
export function recordingFetch(): typeof fetch & { requests: { method: string; url: string; range: string | null }[]; received: number } {
  const requests: { method: string; url: string; range: string | null }[] = [];
  const state = { received: 0 };
  const recorder = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, range: request.headers.get("range") });
    const response = await globalThis.fetch(request);
    if (!response.body) return response;
    // Counts the body bytes that actually came over the wire.
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        state.received += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const counted = new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // A new Response loses where the answer came from; keep it, as fetch reports it.
    return Object.defineProperties(counted, { url: { value: response.url }, redirected: { value: response.redirected } });
  }) as typeof fetch;
  return Object.defineProperties(recorder, {
    requests: { value: requests },
    received: { get: () => state.received },
  }) as typeof fetch & { requests: typeof requests; received: number };
}
