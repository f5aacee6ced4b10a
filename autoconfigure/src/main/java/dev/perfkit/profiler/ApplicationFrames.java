package dev.perfkit.profiler;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Decides which stack frames are the application's: frames of classes in the application's own packages (Boot's
 * auto-configuration packages and {@code perfkit.profiler.application-packages}), never Perfkit's own classes nor
 * generated proxies. Without any known package, every frame that is not JDK, Spring, pool, driver, ORM, container
 * or Perfkit code is the application's. Decisions are cached per class.
 */
final class ApplicationFrames {

	private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static final @Nullable URL PERFKIT_LOCATION = location(ApplicationFrames.class);

	private final List<String> packagePrefixes;

	private final ClassValue<Boolean> decisions = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return decide(type);
		}

	};

	ApplicationFrames(List<String> packages) {
		this.packagePrefixes = packages.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.distinct()
			.toList();
	}

	List<String> stackTrace(int maxFrames) {
		return WALKER.walk((frames) -> applicationFrames(frames).limit(maxFrames)
			.map(StackWalker.StackFrame::toStackTraceElement)
			.map(StackTraceElement::toString)
			.collect(Collectors.toUnmodifiableList()));
	}

	@Nullable String caller() {
		return WALKER.walk((frames) -> applicationFrames(frames).findFirst()
			.map((frame) -> frame.toStackTraceElement().toString())
			.orElse(null));
	}

	private Stream<StackWalker.StackFrame> applicationFrames(Stream<StackWalker.StackFrame> frames) {
		return frames.filter((frame) -> this.decisions.get(frame.getDeclaringClass()));
	}

	boolean isApplicationClass(Class<?> type) {
		return this.decisions.get(type);
	}

	private boolean decide(Class<?> type) {
		String name = type.getName();
		if (isPerfkit(type) || isGenerated(name) || Proxy.isProxyClass(type)) {
			return false;
		}
		if (!this.packagePrefixes.isEmpty()) {
			for (String prefix : this.packagePrefixes) {
				if (name.startsWith(prefix)) {
					return true;
				}
			}
			return false;
		}
		return !isInfrastructure(name);
	}

	/** Perfkit's own code: classes loaded from the same jar (or classes folder) as the profiler. */
	private static boolean isPerfkit(Class<?> type) {
		return type.getName().startsWith("dev.perfkit.") && PERFKIT_LOCATION != null
				&& PERFKIT_LOCATION.equals(location(type));
	}

	private static @Nullable URL location(Class<?> type) {
		try {
			ProtectionDomain domain = type.getProtectionDomain();
			CodeSource source = (domain != null) ? domain.getCodeSource() : null;
			return (source != null) ? source.getLocation() : null;
		}
		catch (SecurityException ex) {
			return null;
		}
	}

	private static boolean isGenerated(String name) {
		return name.contains("$$SpringCGLIB$$") || name.contains("$HibernateProxy") || name.contains("$$_jvst")
				|| name.startsWith("jdk.proxy") || name.contains("$ByteBuddy$");
	}

	static boolean isInfrastructure(String name) {
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.") || name.startsWith("org.springframework.")
				|| name.startsWith("com.zaxxer.hikari.") || name.startsWith("net.ttddyy.")
				|| name.startsWith("com.p6spy.") || name.startsWith("org.junit.") || name.startsWith("org.apache.maven.")
				|| name.startsWith("org.h2.") || name.startsWith("org.postgresql.") || name.startsWith("org.sqlite.")
				|| name.startsWith("org.mariadb.") || name.startsWith("com.mysql.") || name.startsWith("org.hibernate.")
				|| name.startsWith("jakarta.") || name.startsWith("org.apache.catalina.")
				|| name.startsWith("org.apache.tomcat.") || name.startsWith("org.apache.coyote.")
				|| name.startsWith("io.micrometer.") || name.startsWith("io.github.resilience4j.")
				|| name.startsWith("org.aspectj.") || name.startsWith("com.github.benmanes.caffeine.");
	}

}
