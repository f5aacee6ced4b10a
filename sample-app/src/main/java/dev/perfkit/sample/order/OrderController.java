package dev.perfkit.sample.order;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the recent orders, in an N+1 and a joined variant that return the same JSON.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService orderService;

	OrderController(OrderService orderService) {
		this.orderService = orderService;
	}

	@GetMapping("/recent")
	List<Order> recent(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.orderService.recentOrdersOneQueryPerOrder(limit);
	}

	@GetMapping("/recent-joined")
	List<Order> recentJoined(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.orderService.recentOrdersJoined(limit);
	}

}
