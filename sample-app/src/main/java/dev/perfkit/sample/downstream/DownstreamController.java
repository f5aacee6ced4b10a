package dev.perfkit.sample.downstream;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the flaky downstream service, with its failure rate adjustable for tests and demonstrations.
 */
@RestController
@RequestMapping("/api/downstream")
class DownstreamController {

	private final FlakyDownstream downstream;

	DownstreamController(FlakyDownstream downstream) {
		this.downstream = downstream;
	}

	@GetMapping
	DownstreamResponse call(@RequestParam @NotBlank @Size(max = 200) String key) {
		return this.downstream.call(key);
	}

	@GetMapping("/failure-rate")
	FailureRate failureRate() {
		return new FailureRate(this.downstream.getFailureRate());
	}

	@PutMapping("/failure-rate")
	FailureRate setFailureRate(@RequestParam @DecimalMin("0.0") @DecimalMax("1.0") double value) {
		this.downstream.setFailureRate(value);
		return new FailureRate(this.downstream.getFailureRate());
	}

}
