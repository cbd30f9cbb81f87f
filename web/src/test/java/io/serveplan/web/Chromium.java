package io.serveplan.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its ChromeDriver (no browser is downloaded), with a
 * fresh profile per browser, for the browser tests.
 */
public final class Chromium {

  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  /** Why a browser test skips when {@link #installed()} is false. */
  public static final String MISSING = "Debian chromium and chromium-driver are not installed (.ci/run installs them)";

  private Chromium() {}

  public static boolean installed() {
    return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
  }

  /** A headless browser with a new profile (its own cookies and local storage); quit it when done. */
  public static ChromeDriver start() throws IOException {
    Path profile = Files.createTempDirectory("serveplan-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--window-size=1300,3200",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
