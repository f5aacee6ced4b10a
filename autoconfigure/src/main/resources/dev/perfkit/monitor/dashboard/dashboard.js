/* Perfkit's embedded dashboard: reads the Actuator endpoints of the application that serves it and charts them.
   Endpoints and meters that the application does not have are discovered first, so that no request fails and the
   panel says "not available" instead. */
(function () {
	'use strict';

	var actuator = document.body.dataset.actuator;
	var refreshMillis = Number(document.body.dataset.refresh) || 5000;
	var maxPoints = 60;
	var palette = ['#1570ef', '#039855', '#dc6803', '#d92d20', '#7a5af8', '#0e9384', '#c11574', '#667085'];
	var charts = {};
	var refreshes = 0;

	Chart.defaults.animation = false;
	Chart.defaults.maintainAspectRatio = false;
	Chart.defaults.font.size = 11;

	function panel(id) {
		return document.querySelector('.panel[data-panel="' + id + '"]');
	}

	function show(id, state, note) {
		var element = panel(id);
		element.dataset.state = state;
		element.querySelector('.note').textContent = note || '';
	}

	function getJson(path) {
		return fetch(actuator + path, { headers: { Accept: 'application/json' }, cache: 'no-store' })
			.then(function (response) {
				if (!response.ok) {
					throw new Error(path + ' answered ' + response.status);
				}
				return response.json();
			});
	}

	function metric(name, tags) {
		var query = (tags || []).map(function (tag) {
			return 'tag=' + encodeURIComponent(tag[0] + ':' + tag[1]);
		}).join('&');
		return getJson('/metrics/' + encodeURIComponent(name) + (query ? '?' + query : ''));
	}

	function statistic(body, name) {
		var found = (body.measurements || []).filter(function (m) { return m.statistic === name; })[0];
		return found ? found.value : 0;
	}

	function tagValues(body, tag) {
		var found = (body.availableTags || []).filter(function (t) { return t.tag === tag; })[0];
		return found ? found.values.slice().sort() : [];
	}

	function now() {
		return new Date().toLocaleTimeString([], { hour12: false });
	}

	/* Appends one point per series to a line chart, creating the chart and its series on first use. */
	function plot(id, series, yOptions) {
		var chart = charts[id];
		if (!chart) {
			chart = new Chart(panel(id).querySelector('canvas'), {
				type: 'line',
				data: { labels: [], datasets: [] },
				options: {
					scales: { y: Object.assign({ beginAtZero: true }, yOptions || {}) },
					elements: { point: { radius: 2 }, line: { borderWidth: 2, tension: 0.2 } },
					plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } }
				}
			});
			charts[id] = chart;
		}
		chart.data.labels.push(now());
		Object.keys(series).forEach(function (label) {
			var dataset = chart.data.datasets.filter(function (d) { return d.label === label; })[0];
			if (!dataset) {
				var color = palette[chart.data.datasets.length % palette.length];
				dataset = { label: label, data: [], borderColor: color, backgroundColor: color };
				for (var i = 1; i < chart.data.labels.length; i++) {
					dataset.data.push(null);
				}
				chart.data.datasets.push(dataset);
			}
			dataset.data.push(series[label]);
		});
		chart.data.datasets.forEach(function (dataset) {
			while (dataset.data.length < chart.data.labels.length) {
				dataset.data.push(null);
			}
		});
		while (chart.data.labels.length > maxPoints) {
			chart.data.labels.shift();
			chart.data.datasets.forEach(function (dataset) { dataset.data.shift(); });
		}
		chart.update();
	}

	function bars(id, labels, values, label, titles) {
		var chart = charts[id];
		if (!chart) {
			chart = new Chart(panel(id).querySelector('canvas'), {
				type: 'bar',
				data: { labels: [], datasets: [{ label: label, data: [], backgroundColor: palette[0] }] },
				options: { indexAxis: 'y', plugins: { legend: { display: false },
					// the full text of a bar on hover: labels are cut to fit, statements are not
					tooltip: { callbacks: { title: function (items) {
						var full = (chart.fullTitles || [])[items[0].dataIndex] || items[0].label;
						return full.match(/.{1,80}(\s|$)|\S+/g) || [full];
					} } } },
					scales: { y: { ticks: { autoSkip: false, callback: function (value) {
						var text = this.getLabelForValue(value);
						return text.length > 60 ? text.substring(0, 59) + '…' : text;
					} } } } }
			});
			charts[id] = chart;
		}
		chart.fullTitles = titles || labels;
		chart.data.labels = labels;
		chart.data.datasets[0].label = label;
		chart.data.datasets[0].data = values;
		chart.update();
	}

	/* Horizontal bars stacked by series: one bar per label, one colour per series. */
	function stacked(id, labels, series) {
		var chart = charts[id];
		if (!chart) {
			chart = new Chart(panel(id).querySelector('canvas'), {
				type: 'bar',
				data: { labels: [], datasets: [] },
				options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true,
					ticks: { autoSkip: false, callback: function (value) {
						var text = this.getLabelForValue(value);
						return text.length > 40 ? text.substring(0, 39) + '…' : text;
					} } } },
					plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } }
			});
			charts[id] = chart;
		}
		chart.data.labels = labels;
		chart.data.datasets = Object.keys(series).map(function (name, index) {
			return { label: name, data: series[name], backgroundColor: palette[index % palette.length] };
		});
		chart.update();
	}

	function table(id, headers, rows) {
		var element = panel(id).querySelector('table');
		element.textContent = '';
		var head = element.createTHead().insertRow();
		headers.forEach(function (header) {
			var th = document.createElement('th');
			th.textContent = header;
			head.appendChild(th);
		});
		var body = element.createTBody();
		rows.forEach(function (row) {
			var tr = body.insertRow();
			row.forEach(function (cell) {
				var td = tr.insertCell();
				if (cell && cell.badge) {
					var span = document.createElement('span');
					span.className = 'badge ' + cell.badge;
					span.textContent = cell.badge.toLowerCase().replace(/_/g, ' ');
					td.appendChild(span);
				}
				else if (typeof cell === 'number') {
					td.className = 'num';
					td.textContent = format(cell);
				}
				else {
					td.textContent = cell == null ? '' : String(cell);
				}
			});
		});
	}

	function format(value) {
		if (value == null || isNaN(value)) {
			return '';
		}
		if (Math.abs(value) >= 100 || value === Math.round(value)) {
			return String(Math.round(value));
		}
		return value.toPrecision(3);
	}

	function first(object, names) {
		for (var i = 0; i < names.length; i++) {
			if (object && object[names[i]] != null) {
				return object[names[i]];
			}
		}
		return null;
	}

	function list(body, names) {
		if (Array.isArray(body)) {
			return body;
		}
		var found = first(body, names);
		return Array.isArray(found) ? found : [];
	}

	/* ---- panels ---- */

	var panels = {
		cache: function (context) {
			if (!context.has('perfkit.cache.gets')) {
				return unavailable('cache', 'perfkit.cache.gets');
			}
			return metric('perfkit.cache.gets').then(function (all) {
				var layers = tagValues(all, 'layer');
				return Promise.all(layers.map(function (layer) {
					return Promise.all([metric('perfkit.cache.gets', [['layer', layer], ['result', 'hit']])
						.catch(function () { return {}; }), metric('perfkit.cache.gets', [['layer', layer]])]);
				})).then(function (answers) {
					var series = {};
					answers.forEach(function (answer, i) {
						var total = statistic(answer[1], 'COUNT');
						series[layers[i]] = total > 0 ? statistic(answer[0], 'COUNT') / total : null;
					});
					plot('cache', series, { max: 1, ticks: { format: { style: 'percent' } } });
					show('cache', 'ok', 'Share of reads that hit, per layer, since start');
				});
			});
		},
		latency: function (context) {
			if (!context.has('perfkit.db.query')) {
				return unavailable('latency', 'perfkit.db.query');
			}
			return metric('perfkit.db.query').then(function (body) {
				var count = statistic(body, 'COUNT');
				plot('latency', {
					'mean ms': count > 0 ? statistic(body, 'TOTAL_TIME') / count * 1000 : 0,
					'max ms': statistic(body, 'MAX') * 1000
				});
				show('latency', 'ok', format(count) + ' statements since start');
			});
		},
		fingerprints: function (context) {
			if (!context.endpoints.profiler) {
				return unavailable('fingerprints', 'the profiler endpoint');
			}
			return getJson('/profiler/fingerprints?sort=total&limit=10').then(function (body) {
				// the endpoint sorts by total time, largest first: the bars plot that, in that order
				var rows = list(body, ['fingerprints', 'statements', 'items']);
				var statements = rows.map(function (row) {
					return String(first(row, ['fingerprint', 'statement', 'sql', 'normalized']) || '?');
				});
				bars('fingerprints', statements.map(function (statement, index) {
					return '#' + (index + 1) + ' ' + statement;
				}), rows.map(function (row) {
					return Number(first(row, ['totalMs', 'total']) || 0);
				}), 'total ms', statements.map(function (statement, index) {
					var row = rows[index];
					return statement + ' (' + format(Number(row.calls || 0)) + ' calls, mean '
						+ Number(row.meanMs || 0).toFixed(2) + ' ms)';
				}));
				show('fingerprints', 'ok', rows.length + ' statements by total time (ms)');
			});
		},
		'slow-queries': function (context) {
			if (!context.endpoints.profiler) {
				return unavailable('slow-queries', 'the profiler endpoint');
			}
			return getJson('/profiler/slow-queries?limit=10').then(function (body) {
				var rows = list(body, ['slowQueries', 'queries', 'items']);
				table('slow-queries', ['statement', 'ms'], rows.map(function (row) {
					var millis = first(row, ['durationMs', 'durationMillis', 'millis', 'duration']);
					return [String(first(row, ['sql', 'statement', 'fingerprint']) || '?'), Number(millis)];
				}));
				show('slow-queries', 'ok', rows.length ? rows.length + ' slowest recent statements' : 'No slow queries');
			});
		},
		requests: function (context) {
			if (!context.endpoints.profiler) {
				return unavailable('requests', 'the profiler endpoint');
			}
			return getJson('/profiler/requests?limit=8').then(function (body) {
				var routes = body.routes || [];
				var series = {};
				['sql', 'loads', 'guarded', 'other'].forEach(function (part) {
					series[part + ' ms'] = routes.map(function (route) {
						return Number(((route.parts || {})[part] || {}).meanMs || 0);
					});
				});
				stacked('requests', routes.map(function (route) { return route.route; }), series);
				show('requests', 'ok', routes.length ? 'Mean ms per request, by part, for the routes with the most time'
					: 'No request profiled yet');
			}, function (error) {
				// an application without request profiles answers 404 for this collection
				if (/ 404$/.test(error.message)) {
					return unavailable('requests', 'request profiles');
				}
				throw error;
			});
		},
		routes: function (context) {
			if (!context.endpoints.profiler) {
				return unavailable('routes', 'the profiler endpoint');
			}
			return getJson('/profiler/requests?limit=15').then(function (body) {
				var routes = body.routes || [];
				table('routes', ['route', 'req', 'p95 ms', 'SQL %', 'stmts', 'N+1'],
					routes.map(function (route) {
						var parts = route.parts || {};
						return [route.route, route.count, Number((parts.wall || {}).p95Ms || 0),
							Math.round(Number((parts.sql || {}).share || 0) * 100), route.statementsPerRequest,
							route.nPlusOneIncidents];
					}));
				show('routes', 'ok', routes.length + ' routes by total time; ' + (body.kept || []).length
					+ ' slow requests kept (/actuator/profiler/requests/{id})');
			}, function (error) {
				if (/ 404$/.test(error.message)) {
					return unavailable('routes', 'request profiles');
				}
				throw error;
			});
		},
		throttle: function (context) {
			var names = ['perfkit.throttle.rate', 'perfkit.throttle.rejected', 'perfkit.ratelimit.requests'];
			var present = names.filter(context.has);
			if (!present.length) {
				return unavailable('throttle', 'perfkit.throttle.* and perfkit.ratelimit.*');
			}
			return Promise.all(present.map(function (name) { return metric(name); })).then(function (bodies) {
				var series = {};
				bodies.forEach(function (body, i) {
					var name = present[i];
					if (name === 'perfkit.throttle.rate') {
						series['rate (permits/s)'] = statistic(body, 'VALUE');
					}
					else {
						var value = statistic(body, 'COUNT');
						var key = name === 'perfkit.throttle.rejected' ? 'rejected/s' : 'rate-limited requests/s';
						var last = context.previous[name];
						context.previous[name] = value;
						series[key] = last == null ? 0 : Math.max(0, value - last) / (refreshMillis / 1000);
					}
				});
				plot('throttle', series);
				show('throttle', 'ok', 'Current throttle rate and rejections per second');
			});
		},
		circuits: function (context) {
			var name = 'resilience4j.circuitbreaker.state';
			if (!context.has(name)) {
				return unavailable('circuits', name);
			}
			return metric(name).then(function (all) {
				var breakers = tagValues(all, 'name').slice(0, 20);
				var states = tagValues(all, 'state');
				return Promise.all(breakers.map(function (breaker) {
					return Promise.all(states.map(function (state) {
						return metric(name, [['name', breaker], ['state', state]]).then(function (body) {
							return statistic(body, 'VALUE') >= 1 ? state : null;
						});
					})).then(function (found) {
						var current = found.filter(function (s) { return s; })[0] || 'unknown';
						return [breaker, { badge: current.toUpperCase() }];
					});
				})).then(function (rows) {
					table('circuits', ['breaker', 'state'], rows);
					show('circuits', 'ok', rows.length + ' circuit breakers');
				});
			});
		},
		alerts: function (context) {
			if (!context.endpoints.alerts) {
				return unavailable('alerts', 'the alerts endpoint');
			}
			return getJson('/alerts').then(function (body) {
				var rows = body.active.map(function (alert) {
					return [{ badge: 'FIRING' }, { badge: alert.level }, alert.message, alert.value];
				});
				body.rules.forEach(function (rule) {
					if (rule.state !== 'FIRING') {
						rows.push([{ badge: rule.state }, { badge: rule.level }, rule.name + ' ' + rule.condition + ' '
							+ format(rule.threshold), rule.value]);
					}
				});
				table('alerts', ['state', 'level', 'alert or rule', 'value'], rows);
				show('alerts', 'ok', body.active.length + ' active, ' + body.recent.length + ' recent, '
					+ body.rules.length + ' rules');
			});
		},
		jvm: function (context) {
			var wanted = ['jvm.memory.used', 'jvm.memory.max', 'process.cpu.usage', 'http.server.requests'];
			if (!wanted.every(context.has)) {
				return unavailable('jvm', 'JVM and HTTP meters');
			}
			return Promise.all([metric('jvm.memory.used', [['area', 'heap']]), metric('jvm.memory.max', [['area', 'heap']]),
				metric('process.cpu.usage'), metric('http.server.requests')]).then(function (bodies) {
				var max = statistic(bodies[1], 'VALUE');
				var requests = statistic(bodies[3], 'COUNT');
				var last = context.previous.requests;
				context.previous.requests = requests;
				plot('jvm', {
					'heap used %': max > 0 ? statistic(bodies[0], 'VALUE') / max * 100 : null,
					'process CPU %': statistic(bodies[2], 'VALUE') * 100,
					'HTTP requests/s': last == null ? 0 : Math.max(0, requests - last) / (refreshMillis / 1000)
				});
				show('jvm', 'ok', format(requests) + ' HTTP requests since start');
			});
		}
	};

	function unavailable(id, what) {
		show(id, 'unavailable', 'Not available: this application does not expose ' + what + '.');
		return Promise.resolve();
	}

	var previous = {};

	function discover() {
		return getJson('').then(function (root) {
			var endpoints = {};
			Object.keys(root._links || {}).forEach(function (key) { endpoints[key] = true; });
			var names = endpoints.metrics ? getJson('/metrics').then(function (body) { return body.names; })
				: Promise.resolve([]);
			return names.then(function (meterNames) {
				var meters = {};
				meterNames.forEach(function (name) { meters[name] = true; });
				return {
					endpoints: endpoints,
					has: function (name) { return meters[name] === true; },
					previous: previous
				};
			});
		});
	}

	function refresh() {
		discover().then(function (context) {
			return Promise.all(Object.keys(panels).map(function (id) {
				return panels[id](context).catch(function (error) {
					show(id, 'error', error.message);
				});
			})).then(function () {
				return 'Updated ' + now() + ', every ' + (refreshMillis / 1000) + ' s, from ' + actuator;
			});
		}).catch(function (error) {
			return 'Cannot read ' + actuator + ': ' + error.message;
		}).then(function (status) {
			refreshes++;
			document.body.dataset.refreshed = String(refreshes);
			document.getElementById('status').textContent = status;
			window.setTimeout(refresh, refreshMillis);
		});
	}

	refresh();
}());
