-- query-service reads the read models with a role that can only read them. The role is provisioned with the database
-- (local-stack and docker-compose create it); where it does not exist there is nothing to grant. Run after every
-- migration, so a role created later gets its grants at the next start, and in a rebuilt schema too, whose grants then
-- go with it when it replaces the live one.
do $$
begin
    if exists (select 1 from pg_roles where rolname = '${readerRole}') then
        execute format('grant usage on schema %I to %I', '${flyway:defaultSchema}', '${readerRole}');
        execute format('grant select on all tables in schema %I to %I', '${flyway:defaultSchema}', '${readerRole}');
        execute format('alter default privileges in schema %I grant select on tables to %I',
                       '${flyway:defaultSchema}', '${readerRole}');
    end if;
end
$$;
