package io.serveplan.web.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** API tokens that {@code serve} generates when it binds an address other machines can reach. */
public final class ApiTokens {

  private ApiTokens() {}

  /** {@code ~/.serveplan/api-token}. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".serveplan", "api-token");
  }

  /** 32 random bytes, URL-safe base64, written to {@code file} readable by its owner only (rw-------). */
  public static String generateAndStore(Path file) throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    return token;
  }
}
