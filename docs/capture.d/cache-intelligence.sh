# docs/cache-intelligence.md: the sample with a deliberately small, L1-only products cache (so that it evicts and
# warming has to re-invoke), driven by docs/capture.d/load.py; then a scan; then tuning.
page docs/cache-intelligence.md

LOAD="python3 $ROOT/docs/capture.d/load.py"
SMALL_PRODUCTS=(--perfkit.cache.specs.products.memory.maximum-size=50 --perfkit.cache.specs.products.sqlite.enabled=false
	--perfkit.cache.analytics.sample-interval=5s)

# waits for the next analytics sample of the products cache
next_sample() {
	local at
	at=$(curl -s "localhost:$PORT/actuator/layeredcaches/products" | jq -r '.analytics.snapshots | last | .at')
	wait_for 30 "test \"\$(curl -s localhost:8080/actuator/layeredcaches/products | jq -r '.analytics.snapshots | last | .at')\" != '$at'"
}

start_app "${SMALL_PRODUCTS[@]}" --perfkit.cache.warming.initial-delay=5s --perfkit.cache.warming.interval=15s
quietly "$LOAD $PORT zipf 4000 300"
wait_for 60 "curl -s localhost:8080/actuator/layeredcaches | jq -e '.warming.reinvocations > 0'"
quietly "$LOAD $PORT zipf 1000 300"
next_sample

begin cache-intelligence-recommendation
show "curl -s localhost:8080/actuator/layeredcaches/products | jq -r '.analytics.recommendations[]'"
end

begin cache-intelligence-endpoint json
output "curl -s localhost:8080/actuator/layeredcaches | jq '{warming: (.warming | .history |= .[:1]), memoryGuard, caches: {products: (.caches.products | {name, ttl, hitRatio, healthScore, hotKeys: .hotKeys[:2], memoryMaximumSize, sizeEvictions, missesAfterEviction, warming, analytics: (.analytics | .snapshots |= [\"…\"])})}}'"
end

begin cache-intelligence-alert json
output "curl -s localhost:8080/actuator/alerts | jq '{active: [.active[] | select(.rule | startswith(\"cache.\"))]}'"
end

start_app "${SMALL_PRODUCTS[@]}" --perfkit.cache.warming.enabled=false
# the products cache is created on first use: one read, then its first sample
quietly "curl -s localhost:8080/api/products/1"
wait_for 30 "curl -s localhost:8080/actuator/layeredcaches/products | jq -e '.analytics.snapshots | length > 0'"
next_sample
quietly "$LOAD $PORT scan 1 300"
next_sample

begin cache-intelligence-scan
show "curl -s localhost:8080/actuator/layeredcaches/products | jq -r '.analytics.recommendations[]'"
end

start_app --perfkit.cache.specs.products.memory.maximum-size=100 --perfkit.cache.specs.products.sqlite.enabled=false \
	--perfkit.cache.analytics.sample-interval=5s --perfkit.cache.warming.enabled=false \
	--perfkit.cache.tuning.enabled=true --perfkit.cache.tuning.strategy=aggressive
quietly "$LOAD $PORT zipf 2000 5000 30"
next_sample

begin cache-intelligence-tuning
show "grep -o 'Tuning.*' sample.log"
end
