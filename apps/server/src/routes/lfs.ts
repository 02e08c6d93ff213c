import type { Hono } from "hono";
import type { ServerContext } from "../context.ts";

/** Registers this module's routes. */
export function register(_app: Hono, _context: ServerContext): void {}
