package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.buckets.DayCounters;
import org.junit.jupiter.api.Test;

/** The internal API's JSON: day buckets come back exactly as stored, and anything else is refused. */
class BucketJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Values a double cannot hold exactly, the extremes, and the everyday ones. */
  private static final long[] AWKWARD = {0, 1, -1, 7, 1_234_567, (1L << 53) + 1, -(1L << 53) - 1, Long.MAX_VALUE,
      Long.MIN_VALUE};

  static DayCounters randomCounters(long seed) {
    var rnd = new Random(seed);
    var b = DayCounters.builder().addSessions(value(rnd));
    for (ComplicationCategory c : ComplicationCategory.values()) {
      b.addEvents(c, value(rnd));
    }
    for (Instrument i : Instrument.values()) {
      for (Timepoint t : Timepoint.values()) {
        if (t != Timepoint.BASELINE) {
          b.addEfficacy(i, t, new DayCounters.EfficacyCell(value(rnd), value(rnd), value(rnd), value(rnd)));
        }
      }
    }
    for (GuidelineFlag f : GuidelineFlag.values()) {
      b.addFlag(f, value(rnd));
    }
    return b.build();
  }

  private static long value(Random rnd) {
    // Mostly zero, as in a real bucket, so both present and absent entries are exercised.
    return rnd.nextInt(3) == 0 ? AWKWARD[rnd.nextInt(AWKWARD.length)] : 0;
  }

  private static JsonNode throughText(JsonNode tree) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(tree));
  }

  @Property(tries = 300)
  void countersComeBackExactlyThroughJsonText(@ForAll long seed) throws Exception {
    DayCounters counters = randomCounters(seed);
    assertThat(BucketJson.counters(throughText(BucketJson.counters(counters)))).isEqualTo(counters);
  }

  @Test
  void bucketsOfASeriesComeBackInOrderAndExact() throws Exception {
    var buckets = List.of(
        new BucketReader.DayBucket(LocalDate.of(2025, 12, 31), randomCounters(1)),
        new BucketReader.DayBucket(LocalDate.of(2026, 1, 1), randomCounters(2)),
        new BucketReader.DayBucket(LocalDate.of(2026, 11, 20), DayCounters.builder().addSessions(3).build()));
    JsonNode json = throughText(BucketJson.buckets("clinic:C1|NECK_PAIN", buckets));

    assertThat(BucketJson.buckets(json, "clinic:C1|NECK_PAIN")).isEqualTo(buckets);
    assertThat(BucketJson.buckets(throughText(BucketJson.buckets("network|ALL", List.of())), "network|ALL")).isEmpty();
    // An answer for another series than the one asked is not taken for it.
    assertThatThrownBy(() -> BucketJson.buckets(json, "network|ALL")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countersKeepOnlyTheNonZeroEntries() {
    ObjectNode json = BucketJson.counters(DayCounters.builder().addSessions(2)
        .addEvents(ComplicationCategory.BRUISING, 1)
        .addObservation(Instrument.NPRS, Timepoint.WEEK_4, -250, false)
        .addFlag(GuidelineFlag.CHRONIC_CONDITION, 1).build());

    assertThat(json.toString()).isEqualTo("{\"sessions\":2,\"events\":{\"BRUISING\":1},"
        + "\"efficacy\":{\"NPRS|WEEK_4\":[1,-250,62500,0]},\"flags\":{\"CHRONIC_CONDITION\":1},"
        + "\"followUp\":[0,0]}");
  }

  @Test
  void aNumberThatIsNotAnExactLongIsRefusedNotRounded() throws Exception {
    for (String sessions : List.of("1.5", "\"3\"", "18446744073709551616", "1e3", "null")) {
      JsonNode json = JSON.readTree("{\"sessions\":" + sessions + ",\"events\":{},\"efficacy\":{},\"flags\":{}}");
      assertThatThrownBy(() -> BucketJson.counters(json)).as(sessions).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unknownNamesMissingFieldsAndMisshapenCellsAreRefused() throws Exception {
    for (String bad : List.of(
        "{\"sessions\":1,\"events\":{\"PAPER_CUT\":1},\"efficacy\":{},\"flags\":{}}",
        "{\"sessions\":1,\"events\":{},\"efficacy\":{\"NPRS|BASELINE\":[1,2,4,0]},\"flags\":{}}",
        "{\"sessions\":1,\"events\":{},\"efficacy\":{\"NPRS|WEEK_4\":[1,2,4]},\"flags\":{}}",
        "{\"sessions\":1,\"events\":{},\"efficacy\":{\"NPRS\":[1,2,4,0]},\"flags\":{}}",
        "{\"sessions\":1,\"events\":{},\"efficacy\":{},\"flags\":{\"NOT_A_FLAG\":1}}",
        "{\"sessions\":1,\"events\":{},\"efficacy\":{}}",
        "{\"sessions\":1,\"events\":[],\"efficacy\":{},\"flags\":{}}")) {
      JsonNode json = JSON.readTree(bad);
      assertThatThrownBy(() -> BucketJson.counters(json)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aDayOrItsAbsenceAndClinicLists() throws Exception {
    assertThat(BucketJson.day(throughText(BucketJson.day("network|ALL", Optional.of(LocalDate.of(2026, 2, 28)))),
        "network|ALL")).contains(LocalDate.of(2026, 2, 28));
    assertThat(BucketJson.day(throughText(BucketJson.day("network|ALL", Optional.empty())), "network|ALL")).isEmpty();
    assertThatThrownBy(() -> BucketJson.day(JSON.readTree("{\"series\":\"network|ALL\",\"day\":\"2026-13-01\"}"),
        "network|ALL")).isInstanceOf(IllegalArgumentException.class);
    assertThat(BucketJson.clinics(throughText(BucketJson.clinics(List.of("C1", "C|odd\"id"))))).containsExactly("C1",
        "C|odd\"id");
    assertThatThrownBy(() -> BucketJson.clinics(JSON.readTree("{\"clinics\":[1]}")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
