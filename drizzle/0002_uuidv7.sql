-- Time-ordered UUIDs (RFC 9562 version 7) for high-volume tables: new rows land at the right edge
-- of the primary-key index instead of on random pages. PostgreSQL 18 has uuidv7(); 15–17 do not.
CREATE OR REPLACE FUNCTION herald_uuidv7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
