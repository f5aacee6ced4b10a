package dev.perfkit.sample.web;

import java.util.ArrayList;
import java.util.List;

import dev.perfkit.sample.catalog.ProductNotFoundException;
import dev.perfkit.sample.downstream.DownstreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.method.ParameterValidationResult;
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
