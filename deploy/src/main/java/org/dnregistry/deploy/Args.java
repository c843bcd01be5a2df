package org.dnregistry.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options, {@code --flag} switches and positional arguments, with clear errors. */
public final class Args {
  private final Map<String, String> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /** Parses {@code args}; {@code valued} names the options that take a value, {@code flags} the switches. */
  public static Args parse(String[] args, Set<String> valued, Set<String> flags) {
    var parsed = new Args();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name) && value == null) {
          parsed.options.put(name, "true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--" + name + " needs a value");
            }
            value = args[++i];
          }
          parsed.options.put(name, value);
        } else {
          throw new IllegalArgumentException("unknown option --" + name);
        }
      } else {
        parsed.positional.add(a);
      }
    }
    return parsed;
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(options.get(name));
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }

  public int getInt(String name, int fallback) {
    return get(name).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
      }
    }).orElse(fallback);
  }

  public double getDouble(String name, double fallback) {
    return get(name).map(v -> {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
      }
    }).orElse(fallback);
  }

  public List<String> positional() {
    return List.copyOf(positional);
  }
}
