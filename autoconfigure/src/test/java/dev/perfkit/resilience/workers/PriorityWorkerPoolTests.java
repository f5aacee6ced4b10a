package dev.perfkit.resilience.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.perfkit.resilience.WorkerPoolFullException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class PriorityWorkerPoolTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final CountDownLatch release = new CountDownLatch(1);

	private PriorityWorkerPool pool;

	@AfterEach
	void shutdown() {
		this.release.countDown();
		if (this.pool != null) {
			this.pool.shutdown();
		}
	}

	@Test
	void prioritiesAreHonouredUnderSaturation() throws Exception {
		this.pool = pool(1, 1, 10, Duration.ofMinutes(1));
		CountDownLatch blocking = block();
		List<Integer> order = new CopyOnWriteArrayList<>();
		List<TaskHandle<Integer>> handles = new ArrayList<>();
		for (int priority : new int[] { 1, 5, 3, 10, 5 }) {
			handles.add(this.pool.submit(null, priority, null, () -> {
				order.add(priority);
				return priority;
			}));
		}
		assertThat(this.pool.status(handles.get(0).id())).get()
			.satisfies((info) -> assertThat(info.status()).isEqualTo(TaskStatus.QUEUED));
		assertThat(blocking.getCount()).isZero();
		this.release.countDown();
		for (TaskHandle<Integer> handle : handles) {
			handle.result().get(30, TimeUnit.SECONDS);
		}
		assertThat(order).containsExactly(10, 5, 5, 3, 1);
	}

	@Test
	void overflowIsRejectedClearly() {
		this.pool = pool(1, 1, 2, Duration.ofMinutes(1));
		block();
		this.pool.submit(() -> "queued 1");
		this.pool.submit(() -> "queued 2");
		assertThatExceptionOfType(WorkerPoolFullException.class).isThrownBy(() -> this.pool.submit(() -> "third"))
			.withMessageContaining("2 tasks queued (queue-capacity)")
			.withMessageContaining("1 threads busy (max-size)");
		assertThat(this.pool.getRejected()).isEqualTo(1);
	}

	@Test
	void threadsGrowToMaxSizeOnlyWhenTheQueueIsFull() {
		this.pool = pool(1, 2, 1, Duration.ofMinutes(1));
		block();
		this.pool.submit(() -> "queued");
		block();
		assertThat(this.pool.getPoolSize()).isEqualTo(2);
	}

	@Test
	void timeoutInterruptsAndTimesOutARunningTask() {
		this.pool = pool(1, 1, 10, Duration.ofMinutes(1));
		AtomicBoolean interrupted = new AtomicBoolean();
		TaskHandle<String> handle = this.pool.submit("slow", 0, Duration.ofMillis(100), () -> {
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return "late";
		});
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class);
		await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
		assertThat(this.pool.status("slow")).get()
			.satisfies((info) -> assertThat(info.status()).isEqualTo(TaskStatus.TIMED_OUT));
		assertThat(this.pool.count(TaskStatus.TIMED_OUT)).isEqualTo(1);
	}

	@Test
	void taskThatWaitedLongerThanTheQueueTimeoutExpiresWithoutRunning() {
		this.pool = pool(1, 1, 10, Duration.ofSeconds(5));
		block();
		AtomicBoolean ran = new AtomicBoolean();
		TaskHandle<Boolean> handle = this.pool.submit("stale", 0, null, () -> ran.getAndSet(true));
		this.clock.addAndGet(Duration.ofSeconds(6).toNanos());
		this.release.countDown();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class)
			.withMessageContaining("waited in the queue");
		assertThat(ran).isFalse();
		assertThat(this.pool.status("stale").get().status()).isEqualTo(TaskStatus.EXPIRED);
	}

	@Test
	void statusResultAndCancelById() throws Exception {
		this.pool = pool(1, 1, 10, Duration.ofMinutes(1));
		TaskHandle<String> done = this.pool.submit("done", 0, null, () -> "result");
		assertThat(done.result().get(30, TimeUnit.SECONDS)).isEqualTo("result");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.pool.status("done").map(TaskInfo::status).orElse(null) == TaskStatus.COMPLETED);
		block();
		TaskHandle<String> queued = this.pool.submit("queued", 0, null, () -> "never");
		assertThat(this.pool.cancel("queued")).isTrue();
		assertThat(queued.result()).isCompletedExceptionally();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> queued.result().join());
		assertThat(this.pool.status("queued").get().status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(this.pool.cancel("unknown")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.submit("blocker-1", 0, null, () -> "dup"))
			.withMessageContaining("blocker-1");
	}

	@Test
	void runningTaskCanBeCancelled() {
		this.pool = pool(1, 1, 10, Duration.ofMinutes(1));
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		this.pool.submit("running", 0, null, () -> {
			started.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return "x";
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
		assertThat(this.pool.cancel("running")).isTrue();
		await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
		assertThat(this.pool.status("running").get().status()).isEqualTo(TaskStatus.CANCELLED);
	}

	@Test
	void batchRunsInParallelUnderOneOverallTimeout() {
		this.pool = pool(4, 4, 10, Duration.ofMinutes(1));
		List<Callable<String>> tasks = List.of(() -> "a", () -> "b", () -> {
			this.release.await(30, TimeUnit.SECONDS);
			return "stuck";
		}, () -> {
			throw new IllegalStateException("broken");
		});
		List<TaskOutcome<String>> outcomes = this.pool.runBatch(tasks, 0, Duration.ofMillis(500));
		assertThat(outcomes).extracting(TaskOutcome::value).containsExactly("a", "b", null, null);
		assertThat(outcomes.get(0).status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(outcomes.get(2).status()).isIn(TaskStatus.CANCELLED, TaskStatus.TIMED_OUT);
		assertThat(outcomes.get(3).status()).isEqualTo(TaskStatus.FAILED);
		assertThat(outcomes.get(3).error()).hasMessage("broken");
	}

	@Test
	void shutdownLetsTasksFinishAndRefusesNewOnes() throws Exception {
		this.pool = pool(1, 1, 10, Duration.ofMinutes(1));
		CountDownLatch started = new CountDownLatch(1);
		TaskHandle<String> running = this.pool.submit("running", 0, null, () -> {
			started.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return "finished";
		});
		TaskHandle<String> queued = this.pool.submit(() -> "queued too");
		await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
		Thread releaser = new Thread(this.release::countDown);
		releaser.start();
		this.pool.shutdown();
		assertThat(running.result().get(1, TimeUnit.SECONDS)).isEqualTo("finished");
		assertThat(queued.result().get(1, TimeUnit.SECONDS)).isEqualTo("queued too");
		assertThatExceptionOfType(WorkerPoolFullException.class).isThrownBy(() -> this.pool.submit(() -> "late"))
			.withMessageContaining("shut down");
	}

	@Test
	void workloadPresetsSizeThePoolForTheCpus() {
		assertThat(Workload.CPU_BOUND.coreSize(4)).isEqualTo(4);
		assertThat(Workload.CPU_BOUND.maxSize(4)).isEqualTo(4);
		assertThat(Workload.IO_BOUND.coreSize(4)).isEqualTo(16);
		assertThat(Workload.BALANCED.maxSize(4)).isEqualTo(16);
	}

	private int blockers;

	// occupies one thread until the test releases it; returns a latch that opens once the blocker runs
	private CountDownLatch block() {
		CountDownLatch started = new CountDownLatch(1);
		this.pool.submit("blocker-" + (++this.blockers), 100, null, () -> {
			started.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return "blocker";
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
		return started;
	}

	private PriorityWorkerPool pool(int core, int max, int queueCapacity, Duration queueTimeout) {
		return new PriorityWorkerPool(new PriorityWorkerPool.Settings(core, max, queueCapacity, Duration.ofMinutes(1),
				queueTimeout, 100, Duration.ofSeconds(10)), this.clock::get);
	}

}
