package org.dnregistry.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports. Everything listens on 127.0.0.1 only: the local stack is never reachable from the network. */
final class Ports {
  static final String HOST = "127.0.0.1";
  private static final InetAddress LOOPBACK = loopback();

  private Ports() {}

  /** {@code n} distinct free ports; the sockets are held until all are chosen so no port is handed out twice. */
  static int[] free(int n) {
    var sockets = new ArrayList<ServerSocket>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, LOOPBACK));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      closeAll(sockets);
    }
  }

  /** Whether every port can be bound on loopback now (SO_REUSEADDR, so a port in TIME_WAIT counts as free). */
  static boolean allFree(int... ports) {
    var sockets = new ArrayList<ServerSocket>();
    try {
      for (int port : ports) {
        if (port <= 0 || port > 65535) {
          return false;
        }
        var socket = new ServerSocket();
        sockets.add(socket);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      closeAll(sockets);
    }
  }

  /** Whether something accepts connections on the port. */
  static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeAll(List<ServerSocket> sockets) {
    for (var s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a probe socket cannot lose anything
      }
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByName(HOST);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
