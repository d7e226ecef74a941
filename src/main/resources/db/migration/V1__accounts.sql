-- Accounts and API tokens. Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.
create table users (
    username      varchar(64)  not null primary key,
    password_hash varchar(512) not null,
    admin         boolean      not null default false,
    disabled      boolean      not null default false,
    quota_bytes   bigint,
    used_bytes    bigint       not null default 0,
    created_at    timestamp with time zone not null
);

create table api_tokens (
    id          varchar(36)  not null primary key,
    username    varchar(64)  not null references users (username) on delete cascade,
    name        varchar(100) not null,
    token_hash  varchar(64)  not null unique,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone
);

create index api_tokens_username on api_tokens (username);
