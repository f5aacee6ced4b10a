# docs/layered-cache.md: the sample with Redis as L2 (and the cache endpoint's write operation granted): a miss and a
# hit of each cache, the health contributor, the endpoint, an eviction and the meters.
page docs/layered-cache.md

with_redis
start_app --management.endpoint.layeredcaches.access=unrestricted

begin layered-cache-sample
show "curl -s -o /dev/null -w '%{time_total}s\n' 'localhost:8080/api/completions?prompt=layered'   # miss: the slow service"
show "curl -s -o /dev/null -w '%{time_total}s\n' 'localhost:8080/api/completions?prompt=layered'   # L1 hit"
show "curl -s -o /dev/null -w '%{time_total}s\n' localhost:8080/api/products/1                     # miss: SQLite lookup"
show "curl -s -o /dev/null -w '%{time_total}s\n' localhost:8080/api/products/1                     # L1 hit"
gap
show "curl -s localhost:8080/actuator/health | jq -c '.components.layeredcache'"
gap
show "curl -s localhost:8080/actuator/layeredcaches | jq '{caches: {completions: (.caches.completions | {name, ttl, hitRatio, healthScore, layers, puts, loads, averageLoadMillis, hotKeys})}, layers, redis}'" compact_json
gap
show "curl -s -X DELETE 'localhost:8080/actuator/layeredcaches/products?key=1'; echo"
gap
show "curl -s localhost:8080/actuator/prometheus | grep -E '^(perfkit_)?cache_(gets|puts|load).*cache=\"completions\"'"
end
