# docs/request-profiles.md: every request kept (slow threshold 0); the N+1 route and its joined twin, a product read
# twice, a guarded call, a completion, and the route meters.
page docs/request-profiles.md

start_app --perfkit.profiler.requests.slow-threshold=0ms --sample.downstream.failure-rate=0

# the id of the most recent kept request of ROUTE
kept_id() {
	curl -s "localhost:$PORT/actuator/profiler/requests" \
		| jq -r --arg route "$1" '[.kept[] | select(.route == $route)] | max_by(.startedAt) | .id'
}
# SQL strings cut at 70 characters, fingerprints at 60
CUT='def cut(n): if type == "string" and length > n then .[:n] + "…" else . end;'

quietly "curl -s 'localhost:8080/api/orders/recent?limit=20'"
quietly "curl -s 'localhost:8080/api/orders/recent-joined?limit=20'"

begin request-profiles-routes json
output "curl -s localhost:8080/actuator/profiler/requests | jq '$CUT
	.routes |= [.[] | select(.route | startswith(\"GET /api/orders/recent\"))
		| if .route == \"GET /api/orders/recent\" then .topStatements[].fingerprint |= cut(60) else {route, count, statements, nPlusOneIncidents} end]
	| .kept |= [.[] | select(.route | startswith(\"GET /api/orders/recent\"))]'" compact_json
end

n_plus_one=$(kept_id "GET /api/orders/recent")
begin request-profiles-kept json
output "curl -s localhost:8080/actuator/profiler/requests/$n_plus_one | jq '$CUT
	.statements[].sql |= cut(70) | .statements |= .[:3] + [\"…\"] + .[-1:]'" "compact_json 240"
end

begin request-profiles-cached
show "curl -s -o /dev/null localhost:8080/api/products/7    # a miss: loaded"
first=$(kept_id "GET /api/products/{id}")
show "curl -s -o /dev/null localhost:8080/api/products/7    # an L1 hit"
second=$(kept_id "GET /api/products/{id}")
show "curl -s localhost:8080/actuator/profiler/requests/$first | jq '{breakdown, statements: [.statements[] | .sql |= .[:70]], cacheEvents}'" "compact_json 240"
show "curl -s localhost:8080/actuator/profiler/requests/$second | jq '{breakdown, statements, cacheEvents}'" "compact_json 240"
end

begin request-profiles-guarded
show "curl -s 'localhost:8080/api/downstream?key=profiled'; echo"
guarded=$(kept_id "GET /api/downstream")
show "curl -s localhost:8080/actuator/profiler/requests/$guarded | jq '{breakdown, guardedCalls}'" compact_json
gap
show "curl -s 'localhost:8080/api/completions?prompt=request-profiles' | jq -c '{latencyMs}'"
completion=$(kept_id "GET /api/completions")
show "curl -s localhost:8080/actuator/profiler/requests/$completion | jq -c '.breakdown | {wallMs, sqlMs, loadsMs, guardedMs, otherMs, cache: {loads: .cache.loads, loadMs: .cache.loadMs}}'"
end

begin request-profiles-meters
show "curl -s localhost:8080/actuator/prometheus | grep -E '^perfkit_request_.*route=\"GET /api/orders/recent\"'"
show "curl -s localhost:8080/actuator/prometheus | grep -E '^perfkit_request_profile_failures'"
end
