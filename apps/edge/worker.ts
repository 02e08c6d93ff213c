// Entry of the worker. workerd's module format requires a default export with a `fetch` handler;
// everything else lives in src/ with named exports.
import { handleRequest } from "./src/handler.ts";

export default { fetch: handleRequest };
