# Sourced by the server benchmarks: start_strata_serve STORE_URL starts `strata serve` on a free
# loopback port in the background, sets $server (its pid) and $url, and fails with its log if
# it does not come up. Needs $bin (the build's bin path) and $dir (a temporary directory).
start_strata_serve() {
    "$bin/strata" serve --store "$1" --port 0 2>"$dir/serve.log" &
    server=$!
    url=""
    for _ in $(seq 1 100); do
        url="$(grep -o 'http://[0-9.:]*' "$dir/serve.log" 2>/dev/null | head -1 || true)"
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    echo "strata serve did not start:"; cat "$dir/serve.log"; return 1
}
