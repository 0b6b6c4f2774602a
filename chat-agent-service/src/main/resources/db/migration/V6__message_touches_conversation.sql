-- a new message is activity: its conversation's updated_at (the list's order after the pins) follows in the same
-- statement, so storing a message is one statement of the entity's own, not an insert plus an update (one round
-- trip fewer on each of a chat turn's two writes). Runs with the writer's rights: row-level security applies.
create function touch_conversation() returns trigger language plpgsql set search_path from current as $$
begin
    update conversations set updated_at = now() where tenant_id = new.tenant_id and id = new.conversation_id;
    return null;
end
$$;
create trigger messages_touch_conversation after insert on messages
    for each row execute function touch_conversation();
