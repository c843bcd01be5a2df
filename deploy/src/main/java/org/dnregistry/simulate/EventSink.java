package org.dnregistry.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Where simulated events go: one call per batch, written with the token of {@code clinicId} (null: admin). */
@FunctionalInterface
public interface EventSink {
  void send(String clinicId, List<ObjectNode> events) throws InterruptedException;
}
