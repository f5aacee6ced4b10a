package dev.perfkit.sample.completion;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the slow completion service.
 */
@RestController
class CompletionController {

	private final CompletionService completionService;

	CompletionController(CompletionService completionService) {
		this.completionService = completionService;
	}

	@GetMapping("/api/completions")
	Completion complete(@RequestParam @NotBlank @Size(max = 2000) String prompt) {
		return this.completionService.complete(prompt);
	}

}
