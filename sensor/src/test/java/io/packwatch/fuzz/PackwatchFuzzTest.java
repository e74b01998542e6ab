package io.packwatch.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Jazzer fuzz test with the project's campaign length. Under plain {@code mvn test} it runs only
 * over the checked-in inputs (regression mode); with {@code JAZZER_FUZZ=1} it fuzzes for this long.
 * jazzer-junit 0.24.0 takes the limit only from the annotation, so a longer campaign edits it here.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxDuration = "3m")
@interface PackwatchFuzzTest {
}
