package dev.perfkit.resilience.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dev.perfkit.resilience.WorkerPoolFullException;
import dev.perfkit.resilience.observation.ResilienceObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * A pool of worker threads that runs tasks by priority (higher first, first come first served within a priority),
 * each with an id, a timeout and a deadline for its time in the queue.
 * <ul>
 * <li>The queue is bounded: when every thread up to {@code max-size} is busy and {@code queue-capacity} tasks wait,
 * {@link #submit} throws {@link WorkerPoolFullException}.</li>
 * <li>A task that waited longer than the queue timeout is {@link TaskStatus#EXPIRED expired} instead of run; one that
 * runs longer than its timeout is interrupted and {@link TaskStatus#TIMED_OUT timed out}.</li>
 * <li>Status and result can be read, and a task cancelled, by id; finished tasks are retained up to a bound.</li>
 * <li>{@link #runBatch} runs tasks in parallel under one overall timeout.</li>
 * <li>Shutdown is graceful: no new tasks, queued and running ones get the shutdown timeout to finish.</li>
 * </ul>
 * Built on a {@link ThreadPoolExecutor} with a bounded priority queue, so threads beyond the core size are added only
 * when the queue is full, as with any {@code ThreadPoolExecutor}.
 *
 * @since 0.1.0
 */
public class PriorityWorkerPool implements DisposableBean {

	private final Settings settings;

	private final LongSupplier nanoClock;

	private final ThreadPoolExecutor executor;

	private final ScheduledThreadPoolExecutor timer;

	private final Map<String, Task<?>> active = new ConcurrentHashMap<>();

	private final LinkedHashMap<String, TaskInfo> finished = new LinkedHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final Map<TaskStatus, LongAdder> counts = new ConcurrentHashMap<>();

	private final LongAdder rejected = new LongAdder();

	private volatile @Nullable ResilienceObservations observations;

	/**
	 * Creates a pool on the system clock.
	 * @param settings the settings
	 */
	public PriorityWorkerPool(Settings settings) {
		this(settings, System::nanoTime);
	}

	/**
	 * Creates a pool whose queue deadlines are measured on a given clock.
	 * @param settings the settings
	 * @param nanoClock the clock, in nanoseconds, like {@link System#nanoTime()}
	 */
	public PriorityWorkerPool(Settings settings, LongSupplier nanoClock) {
		this.settings = settings;
		this.nanoClock = nanoClock;
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(settings.coreSize(), settings.maxSize(), 60, TimeUnit.SECONDS,
				new BoundedPriorityQueue(settings.queueCapacity()), (runnable) -> {
					Thread thread = new Thread(runnable, "perfkit-worker-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "perfkit-worker-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
		for (TaskStatus status : TaskStatus.values()) {
			this.counts.put(status, new LongAdder());
		}
	}

	/**
	 * Submits a task with a generated id, priority 0 and the default timeout.
	 * @param <T> the result type
	 * @param task the task
	 * @return the handle of the task
	 * @throws WorkerPoolFullException if the pool cannot take the task
	 */
	public <T> TaskHandle<T> submit(Callable<T> task) {
		return submit(null, 0, null, task);
	}

	/**
	 * Submits a task.
	 * @param <T> the result type
	 * @param id the task id, unique among tasks not yet finished; generated when {@code null}
	 * @param priority the priority, higher runs first
	 * @param timeout how long the task may run; the default timeout when {@code null}
	 * @param task the task
	 * @return the handle of the task
	 * @throws WorkerPoolFullException if the pool cannot take the task
	 * @throws IllegalArgumentException if a task with that id has not finished yet
	 */
	public <T> TaskHandle<T> submit(@Nullable String id, int priority, @Nullable Duration timeout, Callable<T> task) {
		String taskId = (id != null) ? id : "task-" + this.sequence.incrementAndGet();
		Task<T> queued = new Task<>(taskId, priority, (timeout != null) ? timeout : this.settings.defaultTimeout(),
				task, this.sequence.incrementAndGet(), this.nanoClock.getAsLong());
		Assert.isTrue(this.active.putIfAbsent(taskId, queued) == null,
				() -> "A task with id '" + taskId + "' is still queued or running");
		try {
			this.executor.execute(queued);
		}
		catch (RejectedExecutionException ex) {
			this.active.remove(taskId);
			this.rejected.increment();
			if (this.executor.isShutdown()) {
				throw new WorkerPoolFullException("Worker pool is shut down; task '" + taskId + "' refused");
			}
			throw new WorkerPoolFullException("Worker pool is full: " + this.settings.queueCapacity()
					+ " tasks queued (queue-capacity) and " + this.executor.getMaximumPoolSize()
					+ " threads busy (max-size); task '" + taskId + "' refused");
		}
		return new TaskHandle<>(taskId, queued.result);
	}

	/**
	 * Observes every task from now on, as a child of what was current where it was submitted.
	 * @param observations the observations, {@code null} to stop
	 */
	public void observe(@Nullable ResilienceObservations observations) {
		this.observations = observations;
	}

	/**
	 * Runs tasks in parallel under one overall timeout: tasks not finished when it passes are cancelled.
	 * @param <T> the result type
	 * @param tasks the tasks
	 * @param priority the priority of every task of the batch
	 * @param overallTimeout the time the whole batch may take
	 * @return how each task ended, in the order given
	 * @throws WorkerPoolFullException if the pool cannot take every task (those already taken are cancelled)
	 */
	public <T> List<TaskOutcome<T>> runBatch(List<Callable<T>> tasks, int priority, Duration overallTimeout) {
		String batch = "batch-" + this.sequence.incrementAndGet();
		List<TaskHandle<T>> handles = new ArrayList<>(tasks.size());
		try {
			for (int i = 0; i < tasks.size(); i++) {
				handles.add(submit(batch + "-" + i, priority, overallTimeout, tasks.get(i)));
			}
		}
		catch (WorkerPoolFullException ex) {
			handles.forEach((handle) -> cancel(handle.id()));
			throw ex;
		}
		CompletableFuture<?> all = CompletableFuture
			.allOf(handles.stream().map(TaskHandle::result).toArray(CompletableFuture[]::new));
		try {
			all.get(overallTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// outcomes are read per task below
		}
		List<TaskOutcome<T>> outcomes = new ArrayList<>(handles.size());
		for (TaskHandle<T> handle : handles) {
			if (!handle.result().isDone()) {
				cancel(handle.id());
			}
			outcomes.add(outcome(handle));
		}
		return outcomes;
	}

	private <T> TaskOutcome<T> outcome(TaskHandle<T> handle) {
		TaskStatus status = status(handle.id()).map(TaskInfo::status).orElse(TaskStatus.CANCELLED);
		try {
			return new TaskOutcome<>(handle.id(), status, handle.result().getNow(null), null);
		}
		catch (CancellationException ex) {
			return new TaskOutcome<>(handle.id(), status, null, ex);
		}
		catch (RuntimeException ex) {
			return new TaskOutcome<>(handle.id(), status, null, (ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	/**
	 * Returns what is known about a task.
	 * @param id the task id
	 * @return the task, if it is active or among the retained finished tasks
	 */
	public Optional<TaskInfo> status(String id) {
		Task<?> task = this.active.get(id);
		if (task != null) {
			return Optional.of(task.info());
		}
		synchronized (this.finished) {
			return Optional.ofNullable(this.finished.get(id));
		}
	}

	/**
	 * Cancels a task: a queued one never runs, a running one is interrupted.
	 * @param id the task id
	 * @return whether a task was cancelled
	 */
	public boolean cancel(String id) {
		Task<?> task = this.active.get(id);
		if (task == null) {
			return false;
		}
		if (task.status.compareAndSet(TaskStatus.QUEUED, TaskStatus.CANCELLED)) {
			this.executor.remove(task);
			task.finish(TaskStatus.CANCELLED, new CancellationException("Task '" + id + "' cancelled"), null);
			return true;
		}
		if (task.status.compareAndSet(TaskStatus.RUNNING, TaskStatus.CANCELLED)) {
			task.interrupt();
			task.finish(TaskStatus.CANCELLED, new CancellationException("Task '" + id + "' cancelled"), null);
			return true;
		}
		return false;
	}

	/**
	 * Returns the tasks queued or running, highest priority first.
	 * @return the active tasks
	 */
	public List<TaskInfo> activeTasks() {
		return this.active.values()
			.stream()
			.map(Task::info)
			.sorted(Comparator.comparingInt(TaskInfo::priority).reversed())
			.toList();
	}

	/**
	 * Returns the most recently finished tasks, newest first.
	 * @param max the maximum number of tasks to return
	 * @return the finished tasks
	 */
	public List<TaskInfo> finishedTasks(int max) {
		synchronized (this.finished) {
			List<TaskInfo> tasks = new ArrayList<>(this.finished.values());
			Collections.reverse(tasks);
			return tasks.subList(0, Math.min(max, tasks.size()));
		}
	}

	/**
	 * Returns the number of tasks that ended with a status since start.
	 * @param status a final status
	 * @return the count
	 */
	public long count(TaskStatus status) {
		return this.counts.get(status).sum();
	}

	/**
	 * Returns the number of tasks refused since start.
	 * @return the refused tasks
	 */
	public long getRejected() {
		return this.rejected.sum();
	}

	/**
	 * Returns the number of tasks waiting in the queue.
	 * @return the queue size
	 */
	public int getQueued() {
		return this.executor.getQueue().size();
	}

	/**
	 * Returns the number of threads running tasks.
	 * @return the active threads
	 */
	public int getActiveThreads() {
		return this.executor.getActiveCount();
	}

	/**
	 * Returns the number of threads in the pool.
	 * @return the pool size
	 */
	public int getPoolSize() {
		return this.executor.getPoolSize();
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public Settings getSettings() {
		return this.settings;
	}

	/**
	 * Whether the pool has been shut down.
	 * @return whether the pool is shut down
	 */
	public boolean isShutdown() {
		return this.executor.isShutdown();
	}

	/**
	 * Shuts the pool down gracefully: refuses new tasks, lets queued and running tasks finish within the shutdown
	 * timeout, then interrupts what is left.
	 */
	public void shutdown() {
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
		finally {
			this.timer.shutdownNow();
		}
	}

	@Override
	public void destroy() {
		shutdown();
	}

	private void retire(Task<?> task, TaskInfo info) {
		this.active.remove(task.id, task);
		this.counts.get(info.status()).increment();
		if (this.settings.retainedTasks() == 0) {
			return;
		}
		synchronized (this.finished) {
			this.finished.remove(task.id);
			this.finished.put(task.id, info);
			while (this.finished.size() > this.settings.retainedTasks()) {
				this.finished.remove(this.finished.keySet().iterator().next());
			}
		}
	}

	/**
	 * Settings of a worker pool.
	 *
	 * @param coreSize threads kept running
	 * @param maxSize maximum threads, reached when the queue is full
	 * @param queueCapacity maximum tasks waiting
	 * @param defaultTimeout time limit of a task that sets none
	 * @param queueTimeout longest time a task may wait in the queue
	 * @param retainedTasks number of finished tasks kept by id
	 * @param shutdownTimeout how long shutdown waits for tasks
	 */
	public record Settings(int coreSize, int maxSize, int queueCapacity, Duration defaultTimeout,
			Duration queueTimeout, int retainedTasks, Duration shutdownTimeout) {

		/**
		 * Returns settings sized for a workload on the CPUs available to the JVM.
		 * @param workload the workload
		 * @param queueCapacity maximum tasks waiting
		 * @param defaultTimeout time limit of a task that sets none
		 * @param queueTimeout longest time a task may wait in the queue
		 * @param retainedTasks number of finished tasks kept by id
		 * @param shutdownTimeout how long shutdown waits for tasks
		 * @return the settings
		 */
		public static Settings forWorkload(Workload workload, int queueCapacity, Duration defaultTimeout,
				Duration queueTimeout, int retainedTasks, Duration shutdownTimeout) {
			int cpus = Runtime.getRuntime().availableProcessors();
			return new Settings(workload.coreSize(cpus), workload.maxSize(cpus), queueCapacity, defaultTimeout,
					queueTimeout, retainedTasks, shutdownTimeout);
		}

	}

	private final class Task<T> implements Runnable, Comparable<Task<?>> {

		private final String id;

		private final int priority;

		private final Duration timeout;

		private final Callable<T> callable;

		private final long order;

		private final long submittedNanos;

		private final Instant submitted = Instant.now();

		private final AtomicReference<TaskStatus> status = new AtomicReference<>(TaskStatus.QUEUED);

		private final CompletableFuture<T> result = new CompletableFuture<>();

		private volatile @Nullable Thread runner;

		private volatile long startedNanos;

		private volatile @Nullable String error;

		// the observation current where the task was submitted, its parent; null when nothing observes
		private final @Nullable Observation parent;

		Task(String id, int priority, Duration timeout, Callable<T> callable, long order, long submittedNanos) {
			ResilienceObservations observations = PriorityWorkerPool.this.observations;
			this.parent = (observations != null && observations.isActive()) ? observations.current() : null;
			this.id = id;
			this.priority = priority;
			this.timeout = timeout;
			this.callable = callable;
			this.order = order;
			this.submittedNanos = submittedNanos;
		}

		@Override
		public void run() {
			long now = PriorityWorkerPool.this.nanoClock.getAsLong();
			this.startedNanos = now;
			if (now - this.submittedNanos > PriorityWorkerPool.this.settings.queueTimeout().toNanos()) {
				if (this.status.compareAndSet(TaskStatus.QUEUED, TaskStatus.EXPIRED)) {
					finish(TaskStatus.EXPIRED, new TimeoutException("Task '" + this.id + "' waited in the queue longer than "
							+ PriorityWorkerPool.this.settings.queueTimeout()), null);
				}
				return;
			}
			this.runner = Thread.currentThread();
			if (!this.status.compareAndSet(TaskStatus.QUEUED, TaskStatus.RUNNING)) {
				this.runner = null;
				return;
			}
			ScheduledFuture<?> timeout = PriorityWorkerPool.this.timer.schedule(this::timeOut, this.timeout.toNanos(),
					TimeUnit.NANOSECONDS);
			try {
				ResilienceObservations observations = PriorityWorkerPool.this.observations;
				T value = (observations != null && observations.isActive())
						? observations.task(this.id, this.priority, this.parent, this.callable) : this.callable.call();
				if (this.status.compareAndSet(TaskStatus.RUNNING, TaskStatus.COMPLETED)) {
					finish(TaskStatus.COMPLETED, null, value);
				}
			}
			catch (Throwable ex) {
				if (this.status.compareAndSet(TaskStatus.RUNNING, TaskStatus.FAILED)) {
					finish(TaskStatus.FAILED, ex, null);
				}
			}
			finally {
				timeout.cancel(false);
				synchronized (this) {
					this.runner = null;
					// clear an interrupt meant for this task so it does not leak into the next one
					Thread.interrupted();
				}
			}
		}

		private void timeOut() {
			if (this.status.compareAndSet(TaskStatus.RUNNING, TaskStatus.TIMED_OUT)) {
				interrupt();
				finish(TaskStatus.TIMED_OUT,
						new TimeoutException("Task '" + this.id + "' ran longer than its timeout of " + this.timeout), null);
			}
		}

		synchronized void interrupt() {
			Thread thread = this.runner;
			if (thread != null) {
				thread.interrupt();
			}
		}

		void finish(TaskStatus finalStatus, @Nullable Throwable failure, @Nullable T value) {
			this.error = (failure != null) ? String.valueOf(failure.getMessage()) : null;
			TaskInfo info = info(finalStatus);
			retire(this, info);
			if (failure != null) {
				this.result.completeExceptionally(failure);
			}
			else {
				this.result.complete(value);
			}
		}

		TaskInfo info() {
			return info(this.status.get());
		}

		private TaskInfo info(TaskStatus current) {
			long now = PriorityWorkerPool.this.nanoClock.getAsLong();
			long started = this.startedNanos;
			Duration queueWait = (started != 0) ? Duration.ofNanos(started - this.submittedNanos)
					: (current == TaskStatus.QUEUED) ? null : Duration.ofNanos(now - this.submittedNanos);
			Duration runTime = (started != 0 && current != TaskStatus.EXPIRED && current.isFinal())
					? Duration.ofNanos(now - started) : null;
			return new TaskInfo(this.id, this.priority, current, this.submitted, queueWait, runTime, this.error);
		}

		@Override
		public int compareTo(Task<?> other) {
			int byPriority = Integer.compare(other.priority, this.priority);
			return (byPriority != 0) ? byPriority : Long.compare(this.order, other.order);
		}

	}

	/**
	 * A priority queue that refuses offers beyond its capacity, so the executor adds threads and then rejects.
	 */
	private static final class BoundedPriorityQueue extends PriorityBlockingQueue<Runnable> {

		private static final long serialVersionUID = 1L;

		private final int capacity;

		BoundedPriorityQueue(int capacity) {
			super(Math.min(capacity, 1024));
			this.capacity = capacity;
		}

		@Override
		public synchronized boolean offer(Runnable runnable) {
			if (size() >= this.capacity) {
				return false;
			}
			return super.offer(runnable);
		}

		@Override
		public int remainingCapacity() {
			return Math.max(0, this.capacity - size());
		}

	}

}
