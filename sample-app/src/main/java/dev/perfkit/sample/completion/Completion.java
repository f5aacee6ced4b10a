package dev.perfkit.sample.completion;

import java.io.Serializable;

/**
 * The answer of the completion service to a prompt. Serializable, so that every cache layer can store it.
 *
 * @param prompt the prompt
 * @param model the name of the model that answered
 * @param text the completion
 * @param tokens the number of words in the completion
 * @param latencyMs how long the answer took to compute, in milliseconds
 * @since 0.1.0
 */
public record Completion(String prompt, String model, String text, int tokens, long latencyMs)
		implements Serializable {

}
