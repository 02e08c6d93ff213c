export { mockFetch } from "./mock-fetch.ts";
export type { MockCall, MockFetch, MockHandler } from "./mock-fetch.ts";
