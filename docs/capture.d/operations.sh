# docs/operations.md: the Prometheus rules' checks, the meters an alert moves, and the sample's webhook post.
page docs/operations.md

RUN=$ROOT
begin operations-promtool
if command -v promtool >/dev/null; then
	show "cd ops/prometheus && promtool check rules perfkit-alerts.yml && promtool test rules perfkit-alerts-tests.yml"
else
	echo "promtool is not installed: the block operations-promtool keeps no output" >&2
fi
end

# an out-of-range property: start-up fails naming it (no Bean Validation provider needed)
start_failing --perfkit.cache.warming.concurrency=65
begin operations-invalid-property
output "cat sample.log" failure_analysis
end

# a webhook receiver that appends every body it is posted to webhook.json
WEBHOOK_PORT=$(free_port)
python3 - "$WEBHOOK_PORT" "$WORK/webhook.json" <<'PY' &
import http.server, sys
port, out = int(sys.argv[1]), sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip(), 16)
                chunk = self.rfile.read(size + 2)[:size]
                if size == 0:
                    break
                body += chunk
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "ab") as file:
            file.write(body + b"\n")
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
WEBHOOK=$!
BACKGROUND+=("$WEBHOOK")

start_app --perfkit.alerts.rules[0].name=uptime-check --perfkit.alerts.rules[0].metric=process.uptime \
	--perfkit.alerts.rules[0].level=info "--perfkit.alerts.rules[0].message=The process is up" \
	--perfkit.alerts.evaluation-interval=2s --sample.alerts.webhook-url=http://127.0.0.1:$WEBHOOK_PORT/hook
quietly "for i in 1 2 3; do curl -s localhost:8080/api/products/\$i; curl -s 'localhost:8080/api/products/search?q=lamp&limit=3'; done"
wait_for 60 "test -s $WORK/webhook.json"
sleep 2

begin operations-meters
show "curl -s localhost:8080/actuator/prometheus | grep -E '^(perfkit_alerts|process_cpu_usage|jvm_memory_max_bytes\{area=\"heap\")'"
end

begin operations-webhook json
output "head -n 1 $WORK/webhook.json"
end

kill "$WEBHOOK" 2>/dev/null || true
wait "$WEBHOOK" 2>/dev/null || true
