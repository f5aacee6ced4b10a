package dev.perfkit.sample.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.perfkit.sample.catalog.ProductNotFoundException;
import dev.perfkit.sample.downstream.DownstreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.CollectionUtils;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns errors of the REST API into RFC 9457 problem details: Spring MVC's own exceptions (400 for invalid
 * parameters, 404 for unknown paths) through {@link ResponseEntityExceptionHandler}, and the application's
 * exceptions through the handlers below.
 *
 * @since 0.1.0
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final AtomicLong lastMethodNotAllowedWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

	private final LongAdder methodsNotAllowed = new LongAdder();

	@ExceptionHandler
	ProblemDetail productNotFound(ProductNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Product not found");
		problem.setProperty("productId", ex.getId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail downstreamFailed(DownstreamException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
		problem.setTitle("Downstream service failed");
		return problem;
	}

	/**
	 * A 405 with its problem body and {@code Allow} header, logged once per minute at most with the number of others
	 * since: {@link ResponseEntityExceptionHandler} logs every one at WARN, which floods the log under a scan.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
			HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		long now = System.nanoTime();
		long last = this.lastMethodNotAllowedWarning.get();
		if (now - last >= WARNING_INTERVAL_NANOS && this.lastMethodNotAllowedWarning.compareAndSet(last, now)) {
			long others = this.methodsNotAllowed.sumThenReset();
			logger.warn(ex.getMessage() + ((others > 0) ? " (and " + others + " other 405s since the last warning)" : ""));
		}
		else {
			this.methodsNotAllowed.increment();
		}
		Set<HttpMethod> supported = ex.getSupportedHttpMethods();
		if (!CollectionUtils.isEmpty(supported)) {
			headers.setAllow(supported);
		}
		return handleExceptionInternal(ex, null, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage());
			}
		}
		ProblemDetail problem = ex.getBody();
		if (!errors.isEmpty()) {
			problem.setDetail(String.join("; ", errors));
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

}
