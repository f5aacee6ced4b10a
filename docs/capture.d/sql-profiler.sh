# docs/sql-profiler.md (plans of slow SELECTs on): the slow search, the N+1 route and its twin, then every route of /actuator/profiler.
page docs/sql-profiler.md

start_app --perfkit.profiler.explain.enabled=true --perfkit.profiler.explain.threshold=100ms

begin sql-profiler-endpoint
show "curl -s 'localhost:8080/api/products/search?q=a&limit=3' >/dev/null; curl -s 'localhost:8080/api/orders/recent?limit=12' >/dev/null"
show "curl -s 'localhost:8080/api/orders/recent-joined?limit=12' >/dev/null    # its twin: no N+1"
gap
show "curl -s localhost:8080/actuator/profiler"
gap
show "curl -s 'localhost:8080/actuator/profiler/slow-queries?threshold=50ms&limit=1'"
gap
slow=$(curl -s "localhost:$PORT/actuator/profiler/slow-queries?threshold=50ms&limit=1" | jq -r '.queries[0].id')
wait_for 30 "curl -s localhost:8080/actuator/profiler/queries/$slow | jq -e '.plan != null'" || true
show "curl -s localhost:8080/actuator/profiler/queries/$slow | jq -c '{id, durationMs, sql, parameters, plan, indexHint, stackTrace}'"
gap
show "curl -s 'localhost:8080/actuator/profiler/fingerprints?sort=calls&limit=1'"
gap
show "curl -s localhost:8080/actuator/profiler/n-plus-one"
gap
show "curl -s 'localhost:8080/actuator/profiler/report?lastN=5&limit=2' | jq -c '{recentQueries, recentAverageMs, topSlowQueries: [.topSlowQueries[].id], topFingerprints: [.topFingerprints[] | {calls, totalMs}], nPlusOne: [.nPlusOne[].scope]}'"
gap
show "curl -s localhost:8080/actuator/health/profiler"
gap
show "curl -s localhost:8080/actuator/prometheus | grep -E '^perfkit_db_(query_seconds_count|slow|n_plus)' | head -n 6"
gap
show "curl -s -X POST -H 'Content-Type: application/json' -d '{\"enabled\":false}' localhost:8080/actuator/profiler | jq -c '.profiler.enabled'"
show "curl -s -o /dev/null -w '%{http_code}\n' -X DELETE localhost:8080/actuator/profiler"
show "curl -s -w '\n%{http_code}\n' 'localhost:8080/actuator/profiler/fingerprints?sort=bogus'"
end

begin sql-profiler-log
show "grep -E 'Slow query|N\+1 query pattern' sample.log"
end
