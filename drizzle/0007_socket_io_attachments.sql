-- Used by @socket.io/postgres-adapter for cross-node messages over NOTIFY's 8,000-byte limit
-- (e.g. a fan-out batch forwarded to the other web nodes). The adapter cleans it up itself.
CREATE TABLE IF NOT EXISTS "socket_io_attachments" (
  "id" bigserial UNIQUE,
  "created_at" timestamptz DEFAULT NOW(),
  "payload" bytea
);
