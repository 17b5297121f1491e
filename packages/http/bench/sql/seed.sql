-- The world of `npm run bench:sql` (bench/sql.ts), in a scratch database the
-- project's migrations have created: 1,000 active groups and :users users,
-- each with an app session, made with plain SQL (fast; the rows are the shape
-- the adapters write, not through the domain's rules). Ids and hashes are
-- derived from numbers, so join.sql can name them from pgbench's variables:
-- group i has id md5('g' || i)::uuid and code lookup hash sha256('code' || i);
-- user n has id md5('u' || n)::uuid and session token hash sha256('tok' || n).
insert into groups (id, name, seats, members, paid_through, code_lookup_hash, code_sealed, phone_balance, currency, created_at)
select md5('g' || i)::uuid, 'Bench ' || i, 10000, 0, now() + interval '30 days',
       encode(sha256(convert_to('code' || i, 'UTF8')), 'hex'),
       'v1.qClNA4FmTQQojsuU.wQCnPS0l6CywHIhD7w7srg.-w6J_sA-k67GMbrj-Ms63g', 0, 'RUB', now()
from generate_series(1, 1000) i;

insert into users (id, trueconf_id, email, password_hash, first_name, last_name, country, language, product_news, research_bulletin, created_at)
select md5('u' || n)::uuid, 'benchu' || n, 'benchu' || n || '@example.com',
       'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g', 'Bench', 'User ' || n, 'GB', 'en', false, false, now()
from generate_series(1, :users) n;

insert into sessions (id, token_hash, account_id, account_kind, client, created_at, expires_at)
select md5('s' || n)::uuid, encode(sha256(convert_to('tok' || n, 'UTF8')), 'hex'), md5('u' || n)::uuid, 'user', 'app', now(), now() + interval '30 days'
from generate_series(1, :users) n;

-- join.sql takes user n from this sequence: each transaction joins a user who has no group.
create sequence bench_user_seq;
vacuum analyze;
