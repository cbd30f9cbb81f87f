package io.serveplan.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sockets one process listens on, read from Linux's {@code /proc}: its socket inodes
 * ({@code /proc/<pid>/fd}) matched against {@code /proc/net/{tcp,tcp6,udp,udp6}}.
 */
public final class ListeningSockets {

  /** One listening socket: protocol, local address (hex as /proc writes it, decoded) and port. */
  public record Socket(String protocol, String address, int port) {}

  private ListeningSockets() {}

  /** TCP sockets in LISTEN state and every bound UDP socket of {@code pid}. */
  public static List<Socket> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<Socket> out = new ArrayList<>();
    for (String proto : List.of("tcp", "tcp6", "udp", "udp6")) {
      Path table = Path.of("/proc/net", proto);
      if (!Files.exists(table)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          boolean listening = proto.startsWith("udp") || f[3].equals("0A");
          if (listening && inodes.contains(f[9])) {
            String[] local = f[1].split(":");
            out.add(new Socket(proto, decode(local[0]), Integer.parseInt(local[1], 16)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // The descriptor closed while we looked.
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  /**
   * /proc's little-endian hex IPv4 (8 digits) as a dotted quad; an IPv4-mapped IPv6 address
   * (::ffff:a.b.c.d, as Java's dual-stack sockets bind) as its IPv4 part; any IPv6 address as
   * {@code ::} (all zeros) or hex.
   */
  static String decode(String hex) {
    if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
      return decode(hex.substring(24));
    }
    if (hex.length() != 8) {
      return hex.equals("00000000000000000000000000000000") ? "0.0.0.0" : hex;
    }
    long v = Long.parseLong(hex, 16);
    return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
  }
}
