export { handleRequest } from "./handler.ts";
export type { EdgeEnv } from "./env.ts";
export { latest, MAX_LATEST } from "./latest.ts";
export { size } from "./size.ts";
export { errorResponse, json } from "./respond.ts";
