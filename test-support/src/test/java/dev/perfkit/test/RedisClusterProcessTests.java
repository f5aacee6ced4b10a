package dev.perfkit.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisClusterProcessTests {

	private static RedisClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		cluster = RedisClusterProcess.start();
	}

	@AfterAll
	static void closeCluster() {
		cluster.close();
	}

	@Test
	void everyNodeReportsHealthyClusterOfThreeMasters() {
		assertThat(cluster.nodes()).hasSize(3).allMatch((node) -> node.startsWith("127.0.0.1:"));
		for (int i = 0; i < 3; i++) {
			assertThat(cluster.clusterInfo(i)).contains("cluster_state:ok", "cluster_slots_assigned:16384",
					"cluster_known_nodes:3", "cluster_size:3");
		}
	}

	@Test
	void clusterClientWritesKeysOwnedByEveryNodeAndReadsThemBack() {
		RedisClusterClient client = RedisClusterClient.create(cluster.urls().stream().map(RedisURI::create).toList());
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			String prefix = "perfkit:test:" + UUID.randomUUID() + ":";
			Map<Integer, String> keyByPort = new LinkedHashMap<>();
			for (int i = 0; i < 1000 && keyByPort.size() < 3; i++) {
				String key = prefix + i;
				int port = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getUri().getPort();
				keyByPort.putIfAbsent(port, key);
			}
			assertThat(keyByPort.keySet()).containsExactlyInAnyOrderElementsOf(
					cluster.servers().stream().map(RedisServerProcess::port).toList());
			keyByPort.forEach((port, key) -> connection.sync().set(key, "on " + port));
			keyByPort.forEach((port, key) -> {
				assertThat(connection.sync().get(key)).isEqualTo("on " + port);
				assertThat(connection.getConnection("127.0.0.1", port).sync().get(key)).as("stored on its owner")
					.isEqualTo("on " + port);
			});
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void killingOneNodeFailsTheClusterAndCloseEndsEveryNode() {
		RedisClusterProcess own = RedisClusterProcess.start();
		List<Long> pids = own.servers().stream().map(RedisServerProcess::pid).toList();
		try {
			own.server(2).kill();
			assertThat(own.server(2).isRunning()).isFalse();
			assertThat(own.server(0).isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(own.clusterInfo(0)).contains("cluster_state:fail");
				assertThat(own.clusterInfo(1)).contains("cluster_state:fail");
			});
		}
		finally {
			own.close();
		}
		assertThat(pids).noneMatch(Processes::isAlive);
		assertThat(own.servers()).allSatisfy((server) -> assertThat(server.directory()).doesNotExist());
	}

}
