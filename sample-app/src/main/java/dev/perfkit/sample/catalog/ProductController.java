package dev.perfkit.sample.catalog;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the products. Constraints on the parameters are checked by Spring MVC's built-in method validation.
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

	private final ProductService productService;

	ProductController(ProductService productService) {
		this.productService = productService;
	}

	@GetMapping("/{id}")
	Product product(@PathVariable long id) {
		return this.productService.findById(id).orElseThrow(() -> new ProductNotFoundException(id));
	}

	@GetMapping("/search")
	List<ProductSales> search(@RequestParam @NotBlank @Size(max = 100) String q,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.productService.search(q, limit);
	}

}
