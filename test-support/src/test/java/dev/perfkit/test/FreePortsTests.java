package dev.perfkit.test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTests {

	@Test
	void foundPortCanBeBoundOnLoopback() throws Exception {
		int port = FreePorts.find();
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
		finally {
			FreePorts.release(port);
		}
	}

	@Test
	void foundPortIsBelowTheEphemeralRange() {
		int port = FreePorts.find();
		FreePorts.release(port);
		assertThat(port).isBetween(1024, 32767);
	}

	@Test
	void samePortIsNotHandedOutTwiceUntilReleased() {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			assertThat(ports.add(FreePorts.find())).isTrue();
		}
		ports.forEach(FreePorts::release);
	}

	@Test
	void clusterPortHasFreeBusPortBelowTheLastPort() {
		int port = FreePorts.findWithClusterBus();
		try {
			assertThat(port).isLessThan(65535 - FreePorts.CLUSTER_BUS_OFFSET);
			assertThat(FreePorts.isFree(port)).isTrue();
			assertThat(FreePorts.isFree(port + FreePorts.CLUSTER_BUS_OFFSET)).isTrue();
		}
		finally {
			FreePorts.release(port);
		}
	}

	@Test
	void portWithListenerIsNotFree() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThat(FreePorts.isFree(socket.getLocalPort())).isFalse();
		}
	}

}
