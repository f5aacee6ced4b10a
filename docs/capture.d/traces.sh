# docs/traces.md: the trace of one product request. The sample's jar has no tracing bridge, so the trace comes from
# BraveTracingTests, which runs the sample with Brave and every span kept in memory, and writes the tree to
# sample-app/target/traces/brave.txt. Maven's own options (offline: MAVEN_ARGS=-o) come from the environment.
page docs/traces.md

RUN=$(mktemp -d "$WORK/run.XXXX")
rm -f "$ROOT/sample-app/target/traces/brave.txt"
"$ROOT/mvnw" -q -f "$ROOT/pom.xml" -pl sample-app -am test -Dtest=BraveTracingTests \
	-Dsurefire.failIfNoSpecifiedTests=false >"$RUN/maven.log" 2>&1 \
	|| { echo "BraveTracingTests failed; its output ends with:" >&2; tail -n 40 "$RUN/maven.log" >&2; exit 1; }

begin traces-product-request
output "cat $ROOT/sample-app/target/traces/brave.txt"
end
