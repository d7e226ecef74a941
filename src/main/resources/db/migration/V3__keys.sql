-- Named, versioned keys. Key material exists here only wrapped (AES-256-GCM) under the master key,
-- with owner, key name, type, version and purpose bound as associated data. Portable SQL: runs on
-- H2 (PostgreSQL mode) and on PostgreSQL. No foreign key to users: a user deleted without purge
-- keeps their keys, as they keep their files.
create table crypto_keys (
    owner                  varchar(64)  not null,
    name                   varchar(128) not null,
    id                     varchar(36)  not null unique,
    key_type               varchar(32)  not null,
    latest_version         integer      not null,
    min_decryption_version integer      not null,
    min_encryption_version integer      not null,
    exportable             boolean      not null,
    deletion_allowed       boolean      not null,
    created_at             timestamp with time zone not null,
    primary key (owner, name)
);

-- One row per key version: the wrapped key material (raw bytes for symmetric types, PKCS#8 for
-- asymmetric ones) and a wrapped per-version HMAC subkey.
create table crypto_key_versions (
    owner       varchar(64)  not null,
    name        varchar(128) not null,
    version     integer      not null,
    material    bytea        not null,
    hmac_key    bytea        not null,
    created_at  timestamp with time zone not null,
    primary key (owner, name, version),
    foreign key (owner, name) references crypto_keys (owner, name) on delete cascade
);

-- A fingerprint of the master key the rows above are wrapped under, so that a node started with
-- another master key refuses to start instead of failing on every request.
create table crypto_master_key (
    id          integer     not null primary key,
    fingerprint varchar(64) not null
);
