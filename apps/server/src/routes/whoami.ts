import type { Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { requireAuth } from "../http/auth.ts";
import { json } from "../http/respond.ts";
import { organisationsOf } from "../storage/accounts.ts";

/** `GET /api/whoami-v2`: the token's user with its orgs and the token role. */
export function register(app: Hono, context: ServerContext): void {
  app.get("/api/whoami-v2", (c) => {
    const auth = requireAuth(c, context.db);
    const user = auth.user;
    return json({
      type: "user",
      id: user.objectId,
      name: user.name,
      fullname: user.fullname,
      email: user.email,
      emailVerified: true,
      canPay: false,
      isPro: false,
      periodEnd: null,
      avatarUrl: `/avatars/${user.name}.svg`,
      orgs: organisationsOf(context.db, user.id).map((org) => ({
        type: "org",
        id: org.objectId,
        name: org.name,
        fullname: org.fullname,
        email: org.email,
        canPay: false,
        isEnterprise: false,
        avatarUrl: `/avatars/${org.name}.svg`,
        periodEnd: null,
        roleInOrg: org.role,
      })),
      auth: {
        type: "access_token",
        accessToken: { displayName: auth.displayName, role: auth.role, createdAt: auth.createdAt },
      },
    });
  });
}
