/** Answers one mocked route; may be async. */
export type MockHandler = (request: Request, match: { params: string[] }) => Response | Promise<Response>;

/** One call the mock received. */
export interface MockCall {
  /** Upper-case method. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** The request as received (its body may already be consumed by the handler). */
  request: Request;
  /** The route key that answered, `undefined` when none matched. */
  route: string | undefined;
}

/** A `fetch` that answers from a route table and records its calls. */
export interface MockFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Every call, in order. */
  readonly calls: MockCall[];
}

interface Route {
  key: string;
  method: string;
  pattern: string;
  handler: MockHandler;
}

/**
 * A route-table `fetch` for unit tests. Keys are `"METHOD /path"` or `"METHOD https://host/path"`;
 * a `*` matches any characters (captured in `params`). The query string is ignored when matching.
 * Unmatched requests get a 501 JSON error naming the request.
 * @example
 * const fetch = mockFetch({ "GET /api/models/alice/x": () => Response.json({ id: "alice/x" }) });
 * await hubRequest({ fetch }, { path: "/api/models/alice/x" });
 * fetch.calls.length; // 1
 */
export function mockFetch(routes: Record<string, MockHandler>): MockFetch {
  const table: Route[] = Object.entries(routes).map(([key, handler]) => {
    const space = key.indexOf(" ");
    return { key, method: key.slice(0, space).toUpperCase(), pattern: key.slice(space + 1), handler };
  });
  const calls: MockCall[] = [];
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    for (const route of table) {
      const params = route.method === request.method ? matchRoute(route.pattern, url) : undefined;
      if (params) {
        calls.push({ method: request.method, url: url.href, request, route: route.key });
        return route.handler(request, { params });
      }
    }
    calls.push({ method: request.method, url: url.href, request, route: undefined });
    return Response.json({ error: `mockFetch: no route for ${request.method} ${url.pathname}` }, { status: 501 });
  };
  return Object.assign(fetchMock, { calls });
}

function matchRoute(pattern: string, url: URL): string[] | undefined {
  const target = pattern.startsWith("/") ? url.pathname : url.origin + url.pathname;
  const parts = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  const match = new RegExp(`^${parts.join("(.*)")}$`).exec(target);
  return match ? match.slice(1) : undefined;
}
