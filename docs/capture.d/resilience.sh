# docs/resilience.md: a client over its plan, a downstream whose breaker opens and closes again, the same downstream
# throttled (the guard with throttle: true, the rate lowered at run time through the endpoint), the endpoints and the
# meters.
page docs/resilience.md

start_app --perfkit.resilience.guards.downstream.throttle=true --management.endpoint.throttling.access=unrestricted

begin resilience-http
show "for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{http_code} ' -H 'X-Client-Id: demo-1' localhost:8080/api/products/1; done; echo"
show "curl -si -H 'X-Client-Id: demo-1' localhost:8080/api/products/1" no_transport_headers
# on a machine too slow to make six calls within the plan's 10 s, the sixth is allowed: the page is left as it was
grep -q '^HTTP/1.1 429' "$BLOCK_FILE" || { echo "the sixth call of demo-1 was not refused; rerun on a quieter machine" >&2; exit 1; }
gap
show "curl -s -X PUT 'localhost:8080/api/downstream/failure-rate?value=1.0'; echo"
show "for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{http_code} ' \"localhost:8080/api/downstream?key=sku-\$i\"; done; echo"
show "curl -si 'localhost:8080/api/downstream?key=sku-42'" no_transport_headers
gap
show "curl -s -X PUT 'localhost:8080/api/downstream/failure-rate?value=0.0'; echo; sleep 6"
show "curl -s 'localhost:8080/api/downstream?key=a'; echo; curl -s 'localhost:8080/api/downstream?key=b'; echo"
show "curl -s localhost:8080/actuator/circuitbreakers | jq -c '.circuitBreakers.downstream.state'"
end

begin resilience-throttle
show "curl -s -X POST -H 'Content-Type: application/json' -d '{\"rate\":1}' localhost:8080/actuator/throttling | jq -c '.throttle | {rate, rejected}'"
show "seq 20 | xargs -P 20 -I{} curl -s -o /dev/null -w '%{http_code} ' 'localhost:8080/api/downstream?key=t-{}'; echo"
# twenty calls within a second are refused but for the first ones, unless the machine is too slow to send them so
grep -q '503' "$BLOCK_FILE" || { echo "no call was throttled; rerun on a quieter machine" >&2; exit 1; }
show "curl -s localhost:8080/actuator/circuitbreakers | jq -c '.circuitBreakers.downstream | {state, failureRate, notPermittedCalls}'"
end

begin resilience-throttling
show "curl -s localhost:8080/actuator/throttling | jq ." compact_json
end

begin resilience-meters
show "curl -s localhost:8080/actuator/prometheus | grep -E '^(perfkit_(ratelimit|throttle)|resilience4j_circuitbreaker_state\{.*downstream)'"
end

begin resilience-workers
show "curl -s localhost:8080/actuator/workers"
end
