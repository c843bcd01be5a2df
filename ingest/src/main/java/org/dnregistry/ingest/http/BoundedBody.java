package org.dnregistry.ingest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, so a chunked upload without Content-Length cannot exhaust memory. */
final class BoundedBody {
  private BoundedBody() {}

  /** The body, or null when it is longer than {@code limit} bytes (reading stops there). */
  static byte[] read(InputStream in, long limit, long expectedLength) throws IOException {
    int initial = (int) Math.min(Math.max(expectedLength, 8192), Math.min(limit + 1, Integer.MAX_VALUE - 8));
    var out = new ByteArrayOutputStream(initial);
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
