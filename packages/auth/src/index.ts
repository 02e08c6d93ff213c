export { whoami, toWhoAmI } from "./whoami.ts";
export type { WhoAmI, WhoAmIAuth, WhoAmIOrg, WhoAmIParams } from "./whoami.ts";
export { getFullRepoName } from "./get-full-repo-name.ts";
export type { GetFullRepoNameParams } from "./get-full-repo-name.ts";
