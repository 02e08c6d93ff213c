export { envProxyDispatcher, envProxySettings } from "./env-proxy.ts";
export type { EnvProxySettings } from "./env-proxy.ts";
