-- One HTTP join's SQL, as the host sends it on a server (2026-12-06, the throttle
-- reads' VALUES form 2026-12-07; the trips
-- are pinned by the adapters' test/postgres/StatementBatching.test.ts and
-- were copied from the server's log of a `POST /v1/me/group`), for pgbench:
-- the same statements, tables, indexes, foreign keys and round trips, with no
-- host. Each line between pipelines is one round trip:
--   1. the client address's throttle (R15), with the next user's number;
--   2. the session by token hash (authenticate);
--   3. the account's and the address's throttles (joinGroup's guard);
--   4. BEGIN with the group by code hash FOR UPDATE and the user FOR SHARE
--      with its membership FOR UPDATE;
--   5. the seat counter, membership, outbox event and audit entry, with COMMIT.
-- The host sends 1 and 2 at once (one round trip, two Syncs: two transactions of
-- their own on a shared line), which pgbench 15 cannot (one Sync a pipeline);
-- here they are two round trips. 4 and 5 are one Sync each, as the host's.
-- Where the host binds values it computed (hashes, ids, times), this script
-- computes them in SQL from pgbench's numbers (seed.sql): a few md5 and
-- sha256 calls more for the server than the host's statements cost it.
-- The throttle keys are fixed hashes: the table holds no failure, as in the
-- HTTP benchmark. Ids of new rows are random here (gen_random_uuid), where
-- the domain's are time-ordered; the counter is raised in SQL where the host
-- writes the value it decided.
\set g random(1, 1000)
with t as (select q.i, f.at from (values (1, '316d5d02bda8f8410651931f1e24c18c7b8fea535cb2aa507092c83e70dea9bb'::text, 30::int)) as q(i, key_hash, lim) cross join lateral (select at from throttle_failures where key_hash = q.key_hash and at >= now() - interval '15 minutes' order by at desc limit q.lim) f order by q.i, f.at desc) select nextval('bench_user_seq') as u, (select count(*) from t) as failures \gset
select "id", "token_hash", "account_id", "account_kind", "client", "created_at", "expires_at" from "sessions" where "token_hash" = encode(sha256(convert_to('tok' || :u, 'UTF8')), 'hex');
select q.i, f.at from (values (1, md5('account' || :u) || md5('address' || :u), 10::int), (2, '316d5d02bda8f8410651931f1e24c18c7b8fea535cb2aa507092c83e70dea9bb'::text, 30::int)) as q(i, key_hash, lim) cross join lateral (select at from throttle_failures where key_hash = q.key_hash and at >= now() - interval '15 minutes' order by at desc limit q.lim) f order by q.i, f.at desc;
\startpipeline
begin;
select "id", "name", "seats", "members", "paid_through", "code_lookup_hash", "code_sealed", "phone_balance", "currency", "created_at" from "groups" where "code_lookup_hash" = encode(sha256(convert_to('code' || :g, 'UTF8')), 'hex') for update;
select "u"."id" as "user_id", "u"."first_name", "u"."last_name", "m"."group_id", "m"."joined_at" from (select "id", "first_name", "last_name" from "users" where "id" = md5('u' || :u)::uuid for share) as "u" left join lateral (select "group_id", "joined_at" from "memberships" where "user_id" = "u"."id" for update) as "m" on true;
\endpipeline
\startpipeline
with w0 as (update "groups" set "name" = 'Bench ' || :g, "seats" = 10000, "members" = "members" + 1, "paid_through" = "paid_through", "code_lookup_hash" = encode(sha256(convert_to('code' || :g, 'UTF8')), 'hex'), "code_sealed" = 'v1.qClNA4FmTQQojsuU.wQCnPS0l6CywHIhD7w7srg.-w6J_sA-k67GMbrj-Ms63g', "phone_balance" = 0, "currency" = 'RUB', "created_at" = "created_at" where "id" = md5('g' || :g)::uuid returning 1), w1 as (insert into "memberships" ("user_id", "group_id", "joined_at", "sort_last", "sort_first") values (md5('u' || :u)::uuid, md5('g' || :g)::uuid, now(), 'user ' || :u, 'bench') returning 1), w2 as (insert into "outbox" ("event_id", "type", "group_id", "at", "actor", "target", "payload") values (gen_random_uuid(), 'MemberJoined', md5('g' || :g)::uuid, now(), jsonb_build_object('id', md5('u' || :u)::uuid, 'kind', 'user'), jsonb_build_object('id', md5('u' || :u)::uuid, 'kind', 'user'), jsonb_build_object('userId', md5('u' || :u)::uuid, 'groupId', md5('g' || :g)::uuid)) returning 1), w3 as (insert into "audit" ("id", "group_id", "at", "actor", "action", "target") values (gen_random_uuid(), md5('g' || :g)::uuid, now(), jsonb_build_object('id', md5('u' || :u)::uuid, 'kind', 'user'), 'member-joined', jsonb_build_object('id', md5('u' || :u)::uuid, 'kind', 'user')) returning 1) select (select count(*) from w0)::int as c0, (select count(*) from w1)::int as c1, (select count(*) from w2)::int as c2, (select count(*) from w3)::int as c3;
commit;
\endpipeline
