package io.serveplan.hardware.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldsTest {

  private static Fields fields(String yaml) {
    return Document.parse(yaml, "doc").fields();
  }

  private static List<String> lines(Fields f) {
    return f.errors().stream().map(FieldError::toString).toList();
  }

  enum Colour { RED, DARK_BLUE }

  @Test
  void absentFieldsAnswerTheirDefaultsWithoutErrors() {
    Fields f = fields("");
    assertThat(f.string("s", "d")).isEqualTo("d");
    assertThat(f.number("n", 1.5, Range.above(0))).isEqualTo(1.5);
    assertThat(f.integer("i", 7, 0, 10)).isEqualTo(7);
    assertThat(f.longValue("l", 9L, 0, 10)).isEqualTo(9L);
    assertThat(f.bool("b", true)).isTrue();
    assertThat(f.choice("c", "a", List.of("a", "b"))).isEqualTo("a");
    assertThat(f.strings("list", "[x]")).isEmpty();
    assertThat(f.object("nested").isAbsent()).isTrue();
    assertThat(f.object("nested").number("x", 2.0, Range.atLeast(0))).isEqualTo(2.0);
    assertThat(f.errors()).isEmpty();
  }

  @Test
  void everyTypedGetterReadsItsValue() {
    Fields f = fields("""
        s: '  text  '
        n: 0.25
        i: 12
        l: 9007199254740993
        b: false
        c: B
        colour: dark_blue
        list: [a, b]
        nums: [1, 2.5]
        picks: [x, Y]
        nested: {deep: {x: 3}}
        """);
    assertThat(f.string("s", null)).isEqualTo("text");
    assertThat(f.number("n", null, Range.aboveUpTo(0, 1))).isEqualTo(0.25);
    assertThat(f.integer("i", null, 0, 100)).isEqualTo(12);
    assertThat(f.longValue("l", null, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(9007199254740993L); // not via double
    assertThat(f.bool("b", true)).isFalse();
    assertThat(f.choice("c", null, List.of("a", "b"))).isEqualTo("b");
    assertThat(f.oneOf("colour", Colour.RED, List.of(Colour.values()), c -> c.name().toLowerCase())).isEqualTo(Colour.DARK_BLUE);
    assertThat(f.strings("list", "[x]")).containsExactly("a", "b");
    assertThat(f.numbers("nums", Range.atLeast(0))).containsExactly(1.0, 2.5);
    assertThat(f.choices("picks", List.of("x", "y"), "[x]")).containsExactly("x", "y");
    assertThat(f.object("nested").object("deep").integer("x", null, 0, 5)).isEqualTo(3);
    f.rejectUnknown();
    assertThat(f.errors()).isEmpty();
  }

  @Test
  void numbersFollowOneRuleNumbersOrPlainDecimalStrings() {
    Fields f = fields("""
        a: "8"
        b: " 0.9 "
        c: "1e3"
        d: 2.0
        e: "0x10"
        g: "NaN"
        h: 1e999
        k: "1f"
        m: [1]
        n: true
        """);
    Range any = Range.atLeast(-1e300);
    assertThat(f.number("a", null, any)).isEqualTo(8.0);
    assertThat(f.number("b", null, any)).isEqualTo(0.9);
    assertThat(f.number("c", null, any)).isEqualTo(1000.0);
    assertThat(f.integer("d", null, 0, 10)).isEqualTo(2); // a whole number written with a fraction point
    assertThat(f.number("e", null, any)).isNull();
    assertThat(f.number("g", null, any)).isNull();
    assertThat(f.number("h", null, any)).isNull();
    assertThat(f.number("k", null, any)).isNull();
    assertThat(f.number("m", null, any)).isNull();
    assertThat(f.number("n", null, any)).isNull();
    assertThat(lines(f)).containsExactly(
        "e: must be a number, got '0x10'",
        "g: must be a number, got 'NaN'",
        "h: must be a finite number, got 'Infinity'",
        "k: must be a number, got '1f'",
        "m: must be a number, got a list",
        "n: must be a number, got 'true'");
  }

  @Test
  void wholeNumbersRefuseFractionsAndBooleansAcceptStrings() {
    Fields f = fields("i: 2.5\nj: '3'\nk: '4.0'\nb: 'TRUE'\nc: yes please\n");
    assertThat(f.integer("i", 1, 0, 10)).isEqualTo(1);
    assertThat(f.integer("j", null, 0, 10)).isEqualTo(3);
    assertThat(f.integer("k", null, 0, 10)).isEqualTo(4);
    assertThat(f.bool("b", false)).isTrue();
    assertThat(f.bool("c", false)).isFalse();
    assertThat(lines(f)).containsExactly(
        "i: must be a whole number, got '2.5'",
        "c: must be true or false, got 'yes please'; allowed: true, false");
  }

  @Test
  void rangeProblemsAreWordedOneWay() {
    Fields f = fields("a: 1.5\nb: -1\nc: 0\nd: 65\ne: 2000\n");
    f.number("a", null, Range.aboveUpTo(0, 1));
    f.number("b", null, Range.above(0));
    f.number("c", null, Range.atLeast(1));
    f.integer("d", null, 1, 64);
    f.number("e", null, Range.aboveUpTo(0, 1024).withUnit("GB"));
    assertThat(lines(f)).containsExactly(
        "a: must be in (0, 1], got 1.5",
        "b: must be > 0, got -1",
        "c: must be >= 1, got 0",
        "d: must be in [1, 64], got 65",
        "e: must be in (0, 1,024] GB, got 2,000");
    assertThat(Range.closed(0, 24).toString()).isEqualTo("[0, 24]");
  }

  @Test
  void requiredGettersNameTheMissingField() {
    Fields f = fields("blank: ' '\n");
    assertThat(f.requiredString("name")).isNull();
    assertThat(f.requiredString("blank")).isNull();
    assertThat(f.requiredNumber("n", Range.above(0))).isZero();
    assertThat(f.requiredInteger("i", 1, 5)).isZero();
    assertThat(f.requiredBool("b")).isFalse();
    assertThat(f.requiredChoice("c", List.of("x", "y"))).isNull();
    assertThat(lines(f)).containsExactly(
        "name: required", "blank: must be a non-empty string", "n: required", "i: required",
        "b: required; allowed: true, false", "c: required; allowed: x, y");
  }

  @Test
  void choicesNameTheAllowedValues() {
    Fields f = fields("c: purple\nl: [x, zz]\n");
    assertThat(f.choice("c", "x", List.of("x", "y"))).isEqualTo("x");
    assertThat(f.choices("l", List.of("x", "y"), "[x]")).containsExactly("x");
    assertThat(lines(f)).containsExactly("c: unknown value 'purple'; allowed: x, y", "l[1]: unknown value 'zz'; allowed: x, y");
  }

  @Test
  void pathsAreDottedThroughObjectsAndNameListEntriesByIdOrIndex() {
    Fields root = Document.parse("""
        workload: {input_tokens: {mean: -3}}
        gpus:
          - {id: big, memory_gb: 0}
          - {memory_gb: 1}
          - 7
        """, "doc").fields();
    root.object("workload").object("input_tokens").number("mean", null, Range.above(0));
    List<Fields> gpus = root.list("gpus", "id");
    assertThat(gpus).extracting(Fields::path).containsExactly("gpus[big]", "gpus[1]");
    gpus.forEach(g -> g.number("memory_gb", null, Range.above(0)));
    assertThat(lines(root)).containsExactly(
        "workload.input_tokens.mean: must be > 0, got -3",
        "gpus[2]: must be an object, got '7'",
        "gpus[big].memory_gb: must be > 0, got 0");
    assertThat(Document.parse("a: {b: 1}", "doc").fields("spec").object("a").path("b")).isEqualTo("spec.a.b");
  }

  @Test
  void unknownFieldsAreReportedWithTheKnownOnesAndASuggestionForATypo() {
    Fields f = fields("rate: 1\nrtae: 2\nburstiness: 3\n");
    f.allow("cv");
    f.number("rate", null, Range.above(0));
    f.rejectUnknown();
    assertThat(f.errors()).extracting(FieldError::field).containsExactly("rtae", "burstiness");
    assertThat(f.errors().get(0).message()).isEqualTo("unknown field (did you mean rate?)");
    assertThat(f.errors().get(1).message()).isEqualTo("unknown field");
    assertThat(f.errors().get(1).allowed()).containsExactly("cv", "rate");
  }

  @Test
  void everyProblemOfADocumentIsCollectedIntoOneException() {
    Fields f = fields("a: x\nb: {c: -1}\nd: [1, {}]\n");
    f.number("a", null, Range.above(0));
    f.object("b").integer("c", null, 0, 3);
    f.strings("d", "[x]");
    f.rejectUnknown();
    assertThatThrownBy(() -> f.throwIfErrors(errors -> new DocumentException("file.yaml", errors)))
        .isInstanceOfSatisfying(DocumentException.class, e -> {
          assertThat(e.errors()).hasSize(3);
          assertThat(e.source()).isEqualTo("file.yaml");
          assertThat(e.getMessage()).isEqualTo("file.yaml: a: must be a number, got 'x'; "
              + "b.c: must be in [0, 3], got -1; d[1]: must be a string, got an object");
          assertThat(e.lines()).containsExactly("file.yaml: a: must be a number, got 'x'",
              "file.yaml: b.c: must be in [0, 3], got -1", "file.yaml: d[1]: must be a string, got an object");
        });
  }

  @Test
  void syntaxErrorsAreAFieldErrorOfTheDocument() {
    assertThatThrownBy(() -> Document.parse("a: [unclosed", "spec"))
        .isInstanceOfSatisfying(DocumentException.class, e -> {
          assertThat(e.errors()).singleElement().satisfies(x -> assertThat(x.field()).isEqualTo("spec"));
          assertThat(e.getMessage()).startsWith("spec: not valid YAML or JSON");
        });
    assertThat(Document.parse("- a\n- b\n", "spec").isObject()).isFalse();
    assertThat(Document.parse("", "spec").isEmpty()).isTrue();
  }

  @Test
  void anEntryLaidOverItsBaseInheritsAllButItsOwnFields() {
    Fields root = fields("""
        models:
          - {id: base, hidden: 64, notes: base notes}
          - {id: ft, base: base, layers: 3}
        """);
    List<Fields> m = root.list("models", "id");
    Fields merged = m.get(1).over(m.get(0), Set.of("id", "notes"), Set.of("base"));
    assertThat(merged.integer("hidden", null, 0, 100)).isEqualTo(64);
    assertThat(merged.integer("layers", null, 0, 100)).isEqualTo(3);
    assertThat(merged.string("id", null)).isEqualTo("ft");
    assertThat(merged.string("notes", null)).isNull();
    assertThat(merged.present("base")).isFalse();
    assertThat(merged.path()).isEqualTo("models[ft]");
  }
}
