/** The dispatcher of requests made with the runtime's `fetch`: none outside Node (browsers and edge runtimes have their own proxy settings). */
export function defaultDispatcher(): Promise<object> | undefined {
  return undefined;
}
