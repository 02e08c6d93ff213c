export * from "@hub/auth/node";
export * from "@hub/repos/node";
export * from "@hub/commits/node";
export { HubApi } from "./hub-api.ts";
export { nodeOperations } from "./operations.ts";
export type { NodeOperations, SetAccessTokenParams } from "./operations.ts";
