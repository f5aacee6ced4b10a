package dev.perfkit.resilience.throttle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the adaptive step of a {@link Throttle} on a schedule, on one daemon thread, while the application runs.
 *
 * @since 0.1.0
 */
public class ThrottleAdjuster implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ThrottleAdjuster.class);

	private final Throttle throttle;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Creates an adjuster.
	 * @param throttle the throttle to adjust
	 * @param interval time between two steps
	 */
	public ThrottleAdjuster(Throttle throttle, Duration interval) {
		this.throttle = throttle;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "perfkit-throttle-adjuster");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		scheduler.scheduleWithFixedDelay(this::step, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	private void step() {
		try {
			this.throttle.adjust();
		}
		catch (RuntimeException ex) {
			logger.warn("Adaptive throttle step failed", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
