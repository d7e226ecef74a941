package dev.coffer.support;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Property checks for the parsers: a property runs on {@link #TRIES} generated inputs, each from a
 * seeded random source, so a run takes a bounded time in the normal suite and a failure names the
 * seed and input that reproduce it ({@code -Dcoffer.fuzz.seed=<seed>}). Inputs mix random code
 * points from every plane (surrogates and controls included) with tokens of the grammar under test,
 * which random text alone would rarely hit.
 */
public final class Fuzz {

  /** Inputs per property; {@code -Dcoffer.fuzz.tries} raises it for a longer hunt. */
  public static final int TRIES = Integer.getInteger("coffer.fuzz.tries", 3000);

  private static final long SEED = Long.getLong("coffer.fuzz.seed", System.nanoTime());

  private final SplittableRandom random;

  private Fuzz(SplittableRandom random) {
    this.random = random;
  }

  /** A check on one input; any exception or failed assertion is a counterexample. */
  @FunctionalInterface
  public interface Property<T> {
    void check(T input) throws Exception;
  }

  /**
   * Runs {@code property} on {@link #TRIES} inputs from {@code generator}.
   *
   * @throws AssertionError naming the seed, the try and the input of the first counterexample
   */
  public static <T> void forAll(Function<Fuzz, T> generator, Property<T> property) {
    SplittableRandom source = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      T input = generator.apply(new Fuzz(source.split()));
      try {
        property.check(input);
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            "counterexample at try "
                + i
                + " (rerun with -Dcoffer.fuzz.seed="
                + SEED
                + "): "
                + describe(input),
            e);
      }
    }
  }

  public int between(int min, int max) {
    return random.nextInt(min, max + 1);
  }

  /** A long in [min, max]; when max is Long.MAX_VALUE, max itself is never drawn. */
  public long between(long min, long max) {
    return random.nextLong(min, max == Long.MAX_VALUE ? max : max + 1);
  }

  public boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  public byte[] bytes(int maxLength) {
    byte[] out = new byte[between(0, maxLength)];
    random.nextBytes(out);
    return out;
  }

  @SafeVarargs
  public final <T> T oneOf(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  public <T> T oneOf(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** One code point: mostly ASCII, else Latin-1, the BMP (surrogates too) or an astral plane. */
  public int codePoint() {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3, 4 -> random.nextInt(0x80);
      case 5, 6 -> random.nextInt(0x100);
      case 7, 8 -> random.nextInt(0x10000);
      default -> random.nextInt(0x10000, Character.MAX_CODE_POINT + 1);
    };
  }

  /** Random text of up to {@code maxCodePoints} code points (lone surrogates possible). */
  public String text(int maxCodePoints) {
    StringBuilder out = new StringBuilder();
    int n = between(0, maxCodePoints);
    for (int i = 0; i < n; i++) {
      out.appendCodePoint(codePoint());
    }
    return out.toString();
  }

  /** Text from {@code alphabet} only. */
  public String text(String alphabet, int maxLength) {
    StringBuilder out = new StringBuilder();
    int n = between(0, maxLength);
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** Up to {@code maxPieces} pieces, each a grammar token or short random text, joined. */
  public String tokens(int maxPieces, List<String> grammar) {
    StringBuilder out = new StringBuilder();
    int n = between(0, maxPieces);
    for (int i = 0; i < n; i++) {
      out.append(chance(60) ? oneOf(grammar) : text(4));
    }
    return out.toString();
  }

  private static String describe(Object input) {
    if (!(input instanceof CharSequence text)) {
      return String.valueOf(input);
    }
    StringBuilder out = new StringBuilder("\"");
    text.chars()
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
              } else {
                out.append(String.format("\\u%04x", c));
              }
            });
    return out.append('"').toString();
  }
}
