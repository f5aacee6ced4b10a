package dev.perfkit.resilience.actuate;

import dev.perfkit.actuate.EndpointProblem;
import dev.perfkit.resilience.workers.TaskInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link WorkersEndpoint}: a malformed task id is a 400 and
 * an unknown one a 404 (a cancellation of an unknown task included), each with an RFC 9457 problem body
 * ({@link EndpointProblem}).
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = WorkersEndpoint.class)
public class WorkersEndpointWebExtension {

	private final WorkersEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public WorkersEndpointWebExtension(WorkersEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Describes one task, with its id checked.
	 * @param id the task id
	 * @return the task, 400 or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> task(@Selector String id) {
		String malformed = EndpointProblem.malformed("task id", id);
		return (malformed != null) ? EndpointProblem.badRequest(malformed) : found(id, this.delegate.task(id));
	}

	/**
	 * Cancels a task, with its id checked.
	 * @param id the task id
	 * @return the task after cancellation, 400 or 404
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> cancel(@Selector String id) {
		String malformed = EndpointProblem.malformed("task id", id);
		return (malformed != null) ? EndpointProblem.badRequest(malformed) : found(id, this.delegate.cancel(id));
	}

	private static WebEndpointResponse<Object> found(String id, @Nullable TaskInfo task) {
		return (task != null) ? new WebEndpointResponse<>(task)
				: EndpointProblem.notFound("no task " + EndpointProblem.quote(id));
	}

}
