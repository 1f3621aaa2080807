package org.fraction.mlflow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How MLflow reads a tracking URI: {@code http(s)://} is a tracking server; {@code file:PATH},
 * {@code file:///ABS} or a plain path (no scheme) is its local file store, a relative path taken
 * from the working directory, %-escapes decoded (as {@code local_file_uri_to_path} does).
 */
final class TrackingUri {

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

  private TrackingUri() {}

  /** The URI's scheme in lower case, or "" for a plain path. */
  static String scheme(String uri) {
    Matcher m = SCHEME.matcher(uri);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
  }

  /** The local file store's directory, absolute, for a {@code file:} URI or a plain path. */
  static Optional<Path> localPath(String uri) {
    String scheme = scheme(uri);
    if (scheme.isEmpty()) {
      return Optional.of(Path.of(uri).toAbsolutePath().normalize());
    }
    if (!scheme.equals("file")) {
      return Optional.empty();
    }
    String path = uri.substring("file:".length());
    if (path.startsWith("//")) {
      // file://host/path: the host is ignored, as MLflow does on POSIX
      int slash = path.indexOf('/', 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int end = indexOfAny(path, "?#");
    if (end >= 0) {
      path = path.substring(0, end);
    }
    if (path.isEmpty()) {
      path = ".";
    }
    return Optional.of(Path.of(decode(path)).toAbsolutePath().normalize());
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** %XX escapes as UTF-8 bytes; anything else (a lone %, a '+') stays as written. */
  static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && hex(bytes[i + 1]) >= 0
          && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit((char) b, 16);
  }

  /** A directory as a {@code file://} URI, as MLflow writes artifact locations. */
  static String fileUri(Path dir) {
    return dir.toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
  }
}
