package io.serveplan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.reports.CompareCharts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The compare page's run colours are the compare charts' colours, so a run keeps its colour everywhere. */
class RunColoursTest {

  @Test
  void theStyleSheetNamesThePaletteOfTheCompareCharts() throws IOException {
    String css;
    try (InputStream in = RunColoursTest.class.getClassLoader().getResourceAsStream("ui/style.css")) {
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] names = {"--run-a", "--run-b", "--run-c"};
    assertThat(CompareCharts.PALETTE).hasSize(names.length);
    for (int i = 0; i < names.length; i++) {
      assertThat(css).as(names[i]).contains(names[i] + ": " + CompareCharts.css(i) + ";");
    }
  }
}
