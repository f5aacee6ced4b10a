# README.md: an invalid property at start-up, then the tour (Redis as L2, one alert rule that fires at once).
page README.md

start_failing --perfkit.enabled=maybe
begin readme-invalid-property
output "cat sample.log" failure_analysis
end

with_redis
start_app --perfkit.alerts.rules[0].name=uptime-check --perfkit.alerts.rules[0].metric=process.uptime \
	--perfkit.alerts.rules[0].level=info "--perfkit.alerts.rules[0].message=The process is up" \
	--perfkit.alerts.evaluation-interval=2s

begin readme-cached-call
show "curl -s -o /dev/null -w '%{time_total}s\n' 'localhost:8080/api/completions?prompt=readme'   # miss: the slow service"
show "curl -s -o /dev/null -w '%{time_total}s\n' 'localhost:8080/api/completions?prompt=readme'   # L1 hit"
gap
show "curl -s localhost:8080/actuator/layeredcaches | jq -c '.caches.completions | {name, ttl, hitRatio, healthScore, layers}'"
end

begin readme-profiler-finding
show "curl -s 'localhost:8080/api/orders/recent?limit=12' >/dev/null"
show "curl -s localhost:8080/actuator/profiler/n-plus-one"
end

begin readme-rate-limited
show "for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{http_code} ' -H 'X-Client-Id: demo-1' localhost:8080/api/products/1; done; echo"
show "curl -si -H 'X-Client-Id: demo-1' localhost:8080/api/products/1" no_transport_headers
# on a machine too slow to make six calls within the plan's 10 s, the sixth is allowed: the page is left as it was
grep -q '^HTTP/1.1 429' "$BLOCK_FILE" || { echo "the sixth call of demo-1 was not refused; rerun on a quieter machine" >&2; exit 1; }
end

wait_for 60 "curl -s localhost:8080/actuator/alerts | jq -e '.active | length > 0'"
begin readme-alert
show "curl -s localhost:8080/actuator/alerts | jq -c '.active'"
gap
show "curl -s localhost:8080/actuator/prometheus | grep ^perfkit_alerts_fired"
end
