package io.serveplan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docs/design.md's module table is the source of truth: every module of the reactor is in it, each
 * pom depends only on the modules its row allows, and {@link ArchitectureTest}'s package rules say
 * exactly what the table says. Together with ArchitectureTest (classes) this covers the one module
 * that is on no other module's classpath, {@code benchmarks}: its pom is checked here.
 */
class ModuleTableTest {

  private static final Path ROOT = Path.of("..");

  /** Module directory → its root package under io.serveplan (kernels has no Java). */
  private static final Map<String, String> PACKAGE = Map.of(
      "hardware-profiles", "hardware", "scheduler", "scheduler", "simulator", "simulator", "cost-model", "cost",
      "executor", "executor", "reports", "reports", "web", "web", "benchmarks", "benchmarks");

  /** The table's rows, in order: module → the modules it may depend on. */
  static Map<String, Set<String>> table() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("docs/design.md"));
    int start = lines.indexOf("| module | holds | may depend on |");
    assertThat(start).as("docs/design.md has the module table").isNotNegative();
    Map<String, Set<String>> rows = new LinkedHashMap<>();
    for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      String module = cells[1].trim().replace("`", "");
      String allowed = cells[3].trim();
      Set<String> deps = new TreeSet<>();
      if (allowed.startsWith("everything above")) {
        deps.addAll(rows.keySet());
      } else if (!allowed.startsWith("—")) {
        for (String d : allowed.split(",")) {
          deps.add(d.trim().replace("`", ""));
        }
      }
      rows.put(module, deps);
    }
    return rows;
  }

  static List<String> elements(Path pom, String parentTag, String tag) throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    List<String> out = new ArrayList<>();
    NodeList parents = doc.getDocumentElement().getElementsByTagName(parentTag);
    for (int i = 0; i < parents.getLength(); i++) {
      NodeList children = ((Element) parents.item(i)).getElementsByTagName(tag);
      for (int j = 0; j < children.getLength(); j++) {
        out.add(children.item(j).getTextContent().trim());
      }
    }
    return out;
  }

  /** The io.serveplan artifacts a module's pom depends on, in any scope. */
  static Set<String> pomDependencies(String module) throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve(module).resolve("pom.xml")
        .toFile());
    Set<String> deps = new TreeSet<>();
    NodeList list = doc.getDocumentElement().getElementsByTagName("dependency");
    for (int i = 0; i < list.getLength(); i++) {
      Element d = (Element) list.item(i);
      if ("io.serveplan".equals(d.getElementsByTagName("groupId").item(0).getTextContent().trim())) {
        deps.add(d.getElementsByTagName("artifactId").item(0).getTextContent().trim());
      }
    }
    return deps;
  }

  @Test
  void theTableListsExactlyTheReactorsModulesInBuildOrder() throws Exception {
    assertThat(List.copyOf(table().keySet())).isEqualTo(elements(ROOT.resolve("pom.xml"), "modules", "module"));
  }

  @Test
  void everyPomDependsOnlyOnWhatItsRowAllows() throws Exception {
    for (Map.Entry<String, Set<String>> row : table().entrySet()) {
      assertThat(pomDependencies(row.getKey())).as("%s/pom.xml (docs/design.md allows %s)", row.getKey(),
          row.getValue()).isSubsetOf(row.getValue());
    }
  }

  @Test
  void nothingDependsOnWebOrBenchmarks() throws Exception {
    for (String module : table().keySet()) {
      assertThat(pomDependencies(module)).as(module).doesNotContain("web", "benchmarks");
    }
  }

  @Test
  void theArchitectureTestsPackageRulesAreTheTable() throws Exception {
    Map<String, Set<String>> table = table();
    for (Map.Entry<String, List<String>> rule : ArchitectureTest.ALLOWED.entrySet()) {
      String module = PACKAGE.entrySet().stream().filter(e -> e.getValue().equals(rule.getKey())).findFirst()
          .orElseThrow().getKey();
      Set<String> expected = new TreeSet<>();
      for (String dep : table.get(module)) {
        if (PACKAGE.containsKey(dep)) {
          expected.add(PACKAGE.get(dep));
        }
      }
      assertThat(new TreeSet<>(rule.getValue())).as("ArchitectureTest.ALLOWED for %s", rule.getKey())
          .isEqualTo(expected);
    }
    // every module with Java below web has its rule
    assertThat(ArchitectureTest.ALLOWED.keySet()).containsExactlyInAnyOrder("hardware", "scheduler", "simulator",
        "cost", "executor", "reports");
  }
}
