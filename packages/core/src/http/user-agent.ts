declare const __HUB_CORE_VERSION__: string | undefined;

/** Version of `@hub/core`, injected at build time. */
export const CORE_VERSION: string = typeof __HUB_CORE_VERSION__ === "string" ? __HUB_CORE_VERSION__ : "0.0.0-dev";

/** True in browsers (window or web worker), where `User-Agent` is a forbidden header. */
export function isBrowser(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown };
  return typeof scope.document === "object" || typeof scope.importScripts === "function";
}

/**
 * The `User-Agent` we send, e.g. `my-app/1.0; @hub/sdk; repos/0.1.0; core/0.1.0; Node.js/20` (the
 * calling package and each version are build-time constants), or `undefined` in browsers.
 */
export function userAgentHeader(custom?: string, client?: string): string | undefined {
  if (isBrowser()) return undefined;
  // `Node.js/20.20.2`, `Cloudflare-Workers`, `Deno/2.1`... (feature detection only: nothing here needs Node).
  const { navigator, process } = globalThis as { navigator?: { userAgent?: string }; process?: { versions?: { node?: string } } };
  const node = process?.versions?.node;
  const runtime = node && !navigator?.userAgent ? `Node.js/${node}` : navigator?.userAgent;
  return `${custom ? `${custom}; ` : ""}@hub/sdk; ${client ? `${client}; ` : ""}core/${CORE_VERSION}${runtime ? `; ${runtime}` : ""}`;
}
