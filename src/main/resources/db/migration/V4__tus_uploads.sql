-- Resumable (tus) uploads in progress. The bytes live in the storage's private partial area under
-- the same id; this row is the state every node shares. Portable SQL: H2 (PostgreSQL mode) and
-- PostgreSQL.
create table tus_uploads (
    id               varchar(32)   not null primary key,
    owner            varchar(64)   not null,
    target_path      varchar(4096) not null,
    overwrite        boolean       not null,
    upload_length    bigint        not null,
    -- bytes received and accepted (checksum verified when the client sent one)
    upload_offset    bigint        not null default 0,
    -- the raw Upload-Metadata header, echoed back on HEAD
    metadata         varchar(8192),
    -- whether the PATCH last started carried Upload-Checksum: if it died, the bytes it left past
    -- upload_offset are unverified and are cut off instead of kept
    checksum_pending boolean       not null default false,
    -- set when the last byte arrived and one request took on the commit
    committing_since timestamp with time zone,
    -- set when the file is in place; the row stays until it expires so that HEAD can say so
    committed_at     timestamp with time zone,
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null
);

create index tus_uploads_owner on tus_uploads (owner);
create index tus_uploads_expires_at on tus_uploads (expires_at);
