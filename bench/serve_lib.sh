# Sourced by the bench scripts that ask a `bahth serve` for pages (search_outputs.sh,
# cli_outputs.sh): a server of "$bahth" on "$db", on a free loopback port, its output in
# "$server_log" (the caller makes it and removes it on exit, with the server).
#
#   start_server [SERVE_OPTIONS...]   sets $server (its pid) and $url (ending in /)
#   stop_server

start_server() {
  : >"$server_log"
  "$bahth" serve --db "$db" --port 0 --host 127.0.0.1 --access-log off "$@" >"$server_log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    grep -q listening "$server_log" && break
    sleep 0.1
  done
  url=$(grep -o 'http://[^ ]*' "$server_log" | head -1)
  [ -n "$url" ] || { echo "bahth serve did not start: $(cat "$server_log")" >&2; exit 1; }
}

stop_server() {
  kill "$server"
  wait "$server" || true
  server=
}
