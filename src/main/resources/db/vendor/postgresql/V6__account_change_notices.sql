-- Every node caches token lookups and verified passwords; these triggers tell all of them (LISTEN
-- coffer_accounts) which account changed, as the change commits, whoever made it. Only columns a
-- cache depends on count: usage updates (every upload) notify nobody. PostgreSQL only; an embedded
-- H2 database has one process, which clears its own caches.
create function coffer_notify_account() returns trigger language plpgsql as $$
begin
    perform pg_notify('coffer_accounts', coalesce(old.username, new.username));
    return null;
end
$$;

create trigger users_changed
    after update of password_hash, admin, disabled or delete on users
    for each row execute function coffer_notify_account();

create trigger api_tokens_changed
    after update or delete on api_tokens
    for each row execute function coffer_notify_account();
