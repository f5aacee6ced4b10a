# docs/monitoring.md: an invalid rule at start-up, then a rule that fires at once.
page docs/monitoring.md

start_failing --perfkit.alerts.rules[0].name=uptime-check --perfkit.alerts.rules[0].metric=process.uptime \
	--perfkit.alerts.rules[0].statistic=median
begin monitoring-invalid-rule
output "cat sample.log" failure_analysis
end

start_app --perfkit.alerts.rules[0].name=uptime-check --perfkit.alerts.rules[0].metric=process.uptime \
	--perfkit.alerts.rules[0].level=info "--perfkit.alerts.rules[0].message=The process is up" \
	--perfkit.alerts.evaluation-interval=2s
wait_for 60 "curl -s localhost:8080/actuator/alerts | jq -e '.active | length > 0'"
sleep 2

begin monitoring-alerts
show "curl -s localhost:8080/actuator/alerts | jq '.rules |= map(select(.name == \"cache-hit-ratio-low\" or .name == \"uptime-check\"))'" compact_json
gap
show "grep 'Alert fired' sample.log"
gap
show "curl -s localhost:8080/actuator/prometheus | grep ^perfkit_alerts_fired"
end
