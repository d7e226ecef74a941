-- Failed sign-ins per username ('u:<name>') and per client address ('c:<address>'), counted in
-- the database so that a limit holds for all nodes together. Times are epoch milliseconds of the
-- application's clock. Portable SQL: H2 (PostgreSQL mode) and PostgreSQL.
create table login_failures (
    throttle_key  varchar(320) not null primary key,
    first_at_ms   bigint       not null,
    failures      integer      not null
);

create index login_failures_first_at on login_failures (first_at_ms);
