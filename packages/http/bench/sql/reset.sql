-- Before each measurement of join.sql: no memberships, events or audit
-- entries, counters at zero, users taken from the first again.
--
-- memberships is analyzed while it holds rows, then emptied without a new
-- analyze: a running service's statistics describe a table with rows. Analyzed
-- empty, the planner believes it stays empty and the prepared membership read
-- (a lookup by primary key) is planned as a sequential scan that grows with
-- every join: 2,000 instead of 3,400 transactions/s here, an artefact of the
-- set-up that the HTTP benchmark, whose statistics are taken after a warm-up,
-- does not have (its memberships are read by index).
truncate memberships, outbox, audit;
update groups set members = 0;
alter sequence bench_user_seq restart;
insert into memberships (user_id, group_id, joined_at, sort_last, sort_first)
select md5('u' || n)::uuid, md5('g' || (1 + n % 1000))::uuid, now(), 'user ' || n, 'bench'
from generate_series(1, 20000) n;
vacuum analyze groups;
analyze memberships;
delete from memberships;
checkpoint;
