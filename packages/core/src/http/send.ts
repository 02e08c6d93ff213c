import ky from "ky";

/** One attempt, no retries, no ky errors: ky with `throwHttpErrors: false`, `retry: 0` and no timeout of its own. */
export function send(
  url: URL,
  init: { method: string; headers: Headers; body: BodyInit | undefined; signal: AbortSignal; streamed: boolean },
  fetchImplementation: typeof fetch | undefined,
): Promise<Response> {
  const callFetch = (request: Request) => (fetchImplementation ? fetchImplementation(request) : globalThis.fetch(request));
  return ky(url, {
    method: init.method,
    headers: init.headers,
    body: init.body ?? null,
    signal: init.signal,
    throwHttpErrors: false,
    retry: 0,
    timeout: false,
    ...(fetchImplementation ? { fetch: fetchImplementation } : {}),
    // ky clones every request to replay it on retry; for a stream the clone is a tee branch that would
    // buffer the whole body. We never retry streams, so such requests are sent as they are.
    ...(init.streamed ? { hooks: { beforeRequest: [callFetch] } } : {}),
  });
}
