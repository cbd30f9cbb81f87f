package io.serveplan.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PayaraLoggingTest {

  @Test
  void aLoggedErrorCarriesItsIncidentIdAndTheWholeException() throws Exception {
    Properties p = new Properties();
    try (InputStream in = EmbeddedPayara.class.getResourceAsStream("payara-logging.properties")) {
      p.load(in);
    }
    String format = p.getProperty("java.util.logging.SimpleFormatter.format");
    StringWriter trace = new StringWriter();
    new IllegalStateException("value too long for column ID").printStackTrace(new PrintWriter(trace));

    // SimpleFormatter's arguments: date, source, logger, level, message, thrown.
    String line = String.format(format, new java.util.Date(), "src", "io.serveplan.web.api.UnexpectedErrorMapper",
        "SEVERE", "incident 1234", "\n" + trace);

    assertThat(line).contains("incident 1234").contains("value too long for column ID").contains("\tat ");
  }
}
