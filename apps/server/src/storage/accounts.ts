import { newObjectId, type Database } from "./database.ts";
import { statement } from "./statements.ts";

/** A user or an organisation. */
export interface Account {
  id: number;
  objectId: string;
  type: "user" | "org";
  name: string;
  fullname: string;
  email: string | null;
  createdAt: string;
}

/** A token found in the database, with its owner. */
export interface TokenRecord {
  value: string;
  role: "read" | "write";
  displayName: string;
  createdAt: string;
  user: Account;
}

/** The seed file: users with tokens, organisations with members. */
export interface SeedData {
  users?: Array<{
    name: string;
    fullname?: string;
    email?: string;
    tokens?: Array<{ value: string; role?: "read" | "write"; name?: string }>;
  }>;
  orgs?: Array<{
    name: string;
    fullname?: string;
    members?: Array<{ user: string; role?: "admin" | "write" | "contributor" | "read" }>;
    /** Visibility of repos created under the org without `private` / `visibility` (default "public"). */
    defaultVisibility?: "public" | "private";
  }>;
}

interface AccountRow {
  id: number;
  object_id: string;
  type: "user" | "org";
  name: string;
  fullname: string;
  email: string | null;
  created_at: string;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    objectId: row.object_id,
    type: row.type,
    name: row.name,
    fullname: row.fullname,
    email: row.email,
    createdAt: row.created_at,
  };
}

/** Inserts or updates the seed's users, tokens, orgs and memberships (idempotent). */
export function applySeed(db: Database, seed: SeedData): void {
  const now = new Date().toISOString();
  const upsertAccount = (type: "user" | "org", name: string, fullname: string, email: string | null) => {
    const existing = statement(db, "SELECT * FROM accounts WHERE name = ?").get(name) as AccountRow | undefined;
    if (existing) {
      statement(db, "UPDATE accounts SET fullname = ?, email = ? WHERE id = ?").run(fullname, email, existing.id);
      return existing.id;
    }
    return Number(
      statement(db, "INSERT INTO accounts (object_id, type, name, fullname, email, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(
        newObjectId(),
        type,
        name,
        fullname,
        email,
        now,
      ).lastInsertRowid,
    );
  };
  db.transaction(() => {
    for (const user of seed.users ?? []) {
      const userId = upsertAccount("user", user.name, user.fullname ?? user.name, user.email ?? null);
      for (const [index, token] of (user.tokens ?? []).entries()) {
        statement(db, "INSERT OR REPLACE INTO tokens (value, user_id, role, display_name, created_at) VALUES (?, ?, ?, ?, ?)").run(
          token.value,
          userId,
          token.role ?? "write",
          token.name ?? `${user.name}-token-${index + 1}`,
          now,
        );
      }
    }
    for (const org of seed.orgs ?? []) {
      const orgId = upsertAccount("org", org.name, org.fullname ?? org.name, null);
      if (org.defaultVisibility !== undefined && org.defaultVisibility !== "public" && org.defaultVisibility !== "private") {
        throw new Error(
          `Seed: org ${org.name} has defaultVisibility ${JSON.stringify(org.defaultVisibility)} (expected "public" or "private")`,
        );
      }
      statement(db, "UPDATE accounts SET default_visibility = ? WHERE id = ?").run(org.defaultVisibility ?? null, orgId);
      for (const member of org.members ?? []) {
        const user = findAccount(db, member.user);
        if (!user) throw new Error(`Seed: org ${org.name} lists unknown member ${member.user}`);
        statement(db, "INSERT OR REPLACE INTO org_members (org_id, user_id, role) VALUES (?, ?, ?)").run(
          orgId,
          user.id,
          member.role ?? "write",
        );
      }
    }
  })();
}

/** Looks up a user or org by name (case-insensitive). */
export function findAccount(db: Database, name: string): Account | undefined {
  const row = statement(db, "SELECT * FROM accounts WHERE name = ?").get(name) as AccountRow | undefined;
  return row && toAccount(row);
}

/** Whether repos created under this namespace without `private` / `visibility` are private (an org's `defaultVisibility`). */
export function defaultsToPrivate(db: Database, namespace: string): boolean {
  const row = statement(db, "SELECT default_visibility FROM accounts WHERE name = ?").get(namespace) as
    { default_visibility: string | null } | undefined;
  return row?.default_visibility === "private";
}

/** Looks up a user or org by its row id. */
export function getAccountById(db: Database, id: number): Account | undefined {
  const row = statement(db, "SELECT * FROM accounts WHERE id = ?").get(id) as AccountRow | undefined;
  return row && toAccount(row);
}

/** Resolves a token value to its record, or undefined when unknown. */
export function findToken(db: Database, value: string): TokenRecord | undefined {
  const row = statement(
    db,
    `SELECT t.value, t.role, t.display_name, t.created_at AS token_created_at, a.*
       FROM tokens t JOIN accounts a ON a.id = t.user_id WHERE t.value = ?`,
  ).get(value) as (AccountRow & { value: string; role: "read" | "write"; display_name: string; token_created_at: string }) | undefined;
  if (!row) return undefined;
  return { value: row.value, role: row.role, displayName: row.display_name, createdAt: row.token_created_at, user: toAccount(row) };
}

/** The organisations a user belongs to, with the user's role in each. */
export function organisationsOf(db: Database, userId: number): Array<Account & { role: string }> {
  const rows = statement(
    db,
    "SELECT a.*, m.role AS member_role FROM org_members m JOIN accounts a ON a.id = m.org_id WHERE m.user_id = ? ORDER BY a.name",
  ).all(userId) as Array<AccountRow & { member_role: string }>;
  return rows.map((row) => ({ ...toAccount(row), role: row.member_role }));
}

/** The role of a user in an org, or undefined when not a member. */
export function membershipRole(db: Database, orgId: number, userId: number): string | undefined {
  const row = statement(db, "SELECT role FROM org_members WHERE org_id = ? AND user_id = ?").get(orgId, userId) as
    { role: string } | undefined;
  return row?.role;
}

/** Creates a user with one write token (used by the CLI when started without a seed). */
export function createUserWithToken(db: Database, name: string, token: string): void {
  applySeed(db, { users: [{ name, fullname: name, email: `${name}@localhost`, tokens: [{ value: token, role: "write" }] }] });
}
