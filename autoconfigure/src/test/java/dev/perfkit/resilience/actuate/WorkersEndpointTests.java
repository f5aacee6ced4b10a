package dev.perfkit.resilience.actuate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.perfkit.resilience.actuate.WorkersEndpoint.WorkersDescriptor;
import dev.perfkit.resilience.workers.PriorityWorkerPool;
import dev.perfkit.resilience.workers.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkersEndpointTests {

	private final PriorityWorkerPool pool = new PriorityWorkerPool(new PriorityWorkerPool.Settings(1, 1, 10,
			Duration.ofMinutes(1), Duration.ofMinutes(1), 10, Duration.ofSeconds(5)));

	private final WorkersEndpoint endpoint = new WorkersEndpoint(this.pool);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.pool.shutdown();
	}

	@Test
	void describesPoolTasksAndCancelsById() throws Exception {
		this.pool.submit("done", 0, null, () -> "ok").result().get(30, TimeUnit.SECONDS);
		CountDownLatch started = new CountDownLatch(1);
		this.pool.submit("busy", 0, null, () -> {
			started.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return "busy";
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
		this.pool.submit("waiting", 5, null, () -> "waiting");
		WorkersDescriptor descriptor = this.endpoint.workers();
		assertThat(descriptor.queued()).isEqualTo(1);
		assertThat(descriptor.activeThreads()).isEqualTo(1);
		assertThat(descriptor.activeTasks()).extracting("id").containsExactly("waiting", "busy");
		assertThat(descriptor.completed()).isEqualTo(1);
		assertThat(descriptor.recentTasks()).extracting("id").containsExactly("done");
		assertThat(this.endpoint.task("waiting").status()).isEqualTo(TaskStatus.QUEUED);
		assertThat(this.endpoint.cancel("waiting").status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(this.endpoint.task("nope")).isNull();
	}

}
