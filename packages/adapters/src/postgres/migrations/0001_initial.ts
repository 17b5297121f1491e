/**
 * The first schema. Frozen in time: it takes a `Kysely<any>` and plain SQL,
 * so it runs the same whatever the application's table types become later;
 * a change of schema is a new migration file, never an edit of this one.
 *
 * Every group-owned row carries `group_id` (DESIGN.md: *Shardable by group*).
 * Constraints are the last line of defence behind the domain's own checks,
 * named as the in-memory store names them, so a defect reads the same on
 * every adapter: R2 (unique TrueConf ID; one email across users and admins),
 * R10 (a membership's key is its user), R11 (0 ≤ members ≤ seats), R45 (a
 * balance never below zero), R44 (an invoice changes only in status and
 * paid_at, and never after it is paid or void; one succeeded payment per
 * invoice). Secrets are never stored in clear: session tokens, idempotency
 * keys and throttle keys arrive or are kept as hashes, corporate codes as a
 * keyed hash plus a sealed copy (R15).
 */
import { type Kysely, sql } from "kysely"

const statements: ReadonlyArray<string> = [
  `create table groups (
    id uuid primary key,
    name text not null,
    seats integer not null,
    members integer not null,
    paid_through timestamptz,
    code_lookup_hash text not null,
    code_sealed text not null,
    phone_balance bigint not null,
    currency text not null,
    created_at timestamptz not null,
    constraint groups_code_lookup_hash_key unique (code_lookup_hash),
    constraint groups_seats_check check (seats between 1 and 10000),
    constraint groups_members_check check (members >= 0 and members <= seats),
    constraint groups_phone_balance_check check (phone_balance >= 0)
  )`,
  // R2: one row per address, whoever holds it, so a user and an admin can
  // never share one. The address is folded by the adapter (as the memory
  // store folds it), not by SQL lower(), whose folding depends on the locale.
  `create table account_emails (
    email text not null,
    account_id uuid not null,
    kind text not null,
    constraint accounts_email_key primary key (email),
    constraint account_emails_account_id_key unique (account_id),
    constraint account_emails_kind_check check (kind in ('user', 'group-admin'))
  )`,
  `create table users (
    id uuid primary key,
    trueconf_id text not null,
    email text not null,
    password_hash text not null,
    first_name text not null,
    last_name text not null,
    country text not null,
    language text not null,
    product_news boolean not null,
    research_bulletin boolean not null,
    created_at timestamptz not null
  )`,
  // TrueConf IDs are ASCII (R2), where lower() folds the same in every locale.
  `create unique index users_trueconf_id_key on users (lower(trueconf_id))`,
  `create table admins (
    id uuid primary key,
    group_id uuid not null,
    email text not null,
    password_hash text not null,
    created_at timestamptz not null,
    constraint admins_group_id_fkey foreign key (group_id) references groups (id)
  )`,
  `create index admins_group_id on admins (group_id)`,
  // R16: the member order's key is copied from the user (memberKey: folded
  // names), so a page is one index range scan. COLLATE "C" compares bytes,
  // and UTF-8 byte order is code point order, the domain's compareCodePoints.
  `create table memberships (
    user_id uuid not null,
    group_id uuid not null,
    joined_at timestamptz not null,
    sort_last text collate "C" not null,
    sort_first text collate "C" not null,
    constraint memberships_pkey primary key (user_id),
    constraint memberships_user_id_fkey foreign key (user_id) references users (id),
    constraint memberships_group_id_fkey foreign key (group_id) references groups (id)
  )`,
  `create index memberships_page on memberships (group_id, sort_last, sort_first, user_id)`,
  `create table invoices (
    id uuid primary key,
    position bigint generated always as identity,
    group_id uuid not null,
    kind text not null,
    status text not null,
    amount bigint not null,
    currency text not null,
    seats integer not null,
    period_start timestamptz,
    period_end timestamptz,
    issued_at timestamptz not null,
    paid_at timestamptz,
    constraint invoices_position_key unique (position),
    constraint invoices_group_id_fkey foreign key (group_id) references groups (id),
    constraint invoices_kind_check check (kind in ('first', 'renewal', 'seats', 'phone-top-up')),
    constraint invoices_status_check check (status in ('open', 'paid', 'void')),
    constraint invoices_amount_check check (amount >= 0),
    constraint invoices_seats_check check (seats >= 0)
  )`,
  `create index invoices_newest_first on invoices (group_id, position desc)`,
  `create index invoices_open on invoices (group_id, position) where status = 'open'`,
  // R44 as the port states it. A trigger, because a CHECK sees one row
  // version only; it raises check_violation so it classifies like a CHECK.
  `create function invoices_immutable() returns trigger language plpgsql as $$
  begin
    if (new.group_id, new.kind, new.amount, new.currency, new.seats, new.period_start, new.period_end, new.issued_at)
       is distinct from
       (old.group_id, old.kind, old.amount, old.currency, old.seats, old.period_start, old.period_end, old.issued_at) then
      raise exception 'invoice %: only status and paid_at may change (R44)', old.id
        using errcode = 'check_violation', constraint = 'invoices_immutable';
    end if;
    if old.status <> 'open' and (new.status, new.paid_at) is distinct from (old.status, old.paid_at) then
      raise exception 'invoice % is %; it never changes again (R44)', old.id, old.status
        using errcode = 'check_violation', constraint = 'invoices_status_final';
    end if;
    return new;
  end
  $$`,
  `create trigger invoices_immutable before update on invoices
    for each row execute function invoices_immutable()`,
  `create table charge_claims (
    invoice_id uuid not null,
    group_id uuid not null,
    charge_key text not null,
    payment_method text not null,
    claimed_at timestamptz not null,
    constraint charge_claims_pkey primary key (invoice_id),
    constraint charge_claims_invoice_id_fkey foreign key (invoice_id) references invoices (id)
  )`,
  `create table payments (
    id uuid primary key,
    position bigint generated always as identity,
    invoice_id uuid not null,
    group_id uuid not null,
    status text not null,
    amount bigint not null,
    currency text not null,
    gateway_reference text,
    failure_reason text,
    created_at timestamptz not null,
    constraint payments_position_key unique (position),
    constraint payments_invoice_id_fkey foreign key (invoice_id) references invoices (id),
    constraint payments_group_id_fkey foreign key (group_id) references groups (id),
    constraint payments_status_check check (status in ('succeeded', 'failed')),
    constraint payments_amount_check check (amount >= 0)
  )`,
  `create index payments_newest_first on payments (group_id, position desc)`,
  // R44: whatever races, an invoice is paid by one charge.
  `create unique index payments_one_success_per_invoice on payments (invoice_id) where status = 'succeeded'`,
  // R44: scoped to the account; the key itself is never stored, only its SHA-256.
  `create table idempotency (
    account_id uuid not null,
    key_hash text not null,
    fingerprint text not null,
    outcome_status text,
    outcome_payment_id uuid,
    outcome_invoice_id uuid,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    constraint idempotency_pkey primary key (account_id, key_hash),
    constraint idempotency_outcome_check check (
      (outcome_status is null and outcome_payment_id is null and outcome_invoice_id is null) or
      (outcome_status in ('succeeded', 'declined') and outcome_payment_id is not null and outcome_invoice_id is not null)
    )
  )`,
  `create index idempotency_expires_at on idempotency (expires_at)`,
  // API.md §1: the token is never stored, only the hash the domain passes.
  `create table sessions (
    id uuid primary key,
    token_hash text not null,
    account_id uuid not null,
    account_kind text not null,
    client text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    constraint sessions_token_hash_key unique (token_hash),
    constraint sessions_account_kind_check check (account_kind in ('user', 'group-admin')),
    constraint sessions_client_check check (client in ('app', 'cabinet'))
  )`,
  `create index sessions_account_id on sessions (account_id)`,
  `create table phone_calls (
    id uuid primary key,
    group_id uuid not null,
    user_id uuid not null,
    phone_number text not null,
    minutes integer not null,
    cost bigint not null,
    currency text not null,
    at timestamptz not null,
    constraint phone_calls_group_id_fkey foreign key (group_id) references groups (id),
    constraint phone_calls_minutes_check check (minutes >= 0),
    constraint phone_calls_cost_check check (cost >= 0)
  )`,
  `create index phone_calls_group_id on phone_calls (group_id, at)`,
  // R50: the transactional outbox. `id` is the insertion order; `tx_id` lets a
  // relay read only below the oldest transaction still running
  // (pg_snapshot_xmin), so a row of a slow transaction is never skipped.
  `create table outbox (
    id bigint generated always as identity,
    event_id uuid not null,
    type text not null,
    group_id uuid,
    at timestamptz not null,
    actor jsonb,
    target jsonb,
    payload jsonb not null,
    tx_id xid8 not null default pg_current_xact_id(),
    constraint outbox_pkey primary key (event_id),
    constraint outbox_id_key unique (id)
  )`,
  `create index outbox_group_id on outbox (group_id, id)`,
  // R51
  `create table audit (
    id uuid primary key,
    position bigint generated always as identity,
    group_id uuid not null,
    at timestamptz not null,
    actor jsonb not null,
    action text not null,
    target jsonb,
    constraint audit_position_key unique (position),
    constraint audit_group_id_fkey foreign key (group_id) references groups (id)
  )`,
  `create index audit_newest_first on audit (group_id, position desc)`,
  // R15: shared by every host. Keys are hashed: they carry logins and client
  // addresses, and a login may hold characters PostgreSQL cannot store.
  `create table throttle_failures (
    id bigint generated always as identity primary key,
    key_hash text not null,
    at timestamptz not null
  )`,
  `create index throttle_failures_recent on throttle_failures (key_hash, at desc)`,
  `create index throttle_failures_at on throttle_failures (at)`
]

const tables = [
  "throttle_failures",
  "audit",
  "outbox",
  "phone_calls",
  "sessions",
  "idempotency",
  "payments",
  "charge_claims",
  "invoices",
  "memberships",
  "admins",
  "users",
  "account_emails",
  "groups"
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of tables) await sql.raw(`drop table if exists ${table}`).execute(db)
  await sql.raw("drop function if exists invoices_immutable()").execute(db)
}
