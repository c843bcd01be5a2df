package org.dnregistry.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Session;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.ingest.http.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer against the real request handling (validation, permissions, mapping), with an in-memory writer. */
class ImportThroughGatewayTest {
  @TempDir Path dir;
  final TestGateway gateway = new TestGateway(16 * 1024 * 1024);

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void csvAndNdjsonFilesLandAsFactsAndBadRowsAreReportedByLineAndField() throws Exception {
    Path episodes = Files.writeString(dir.resolve("episodes.csv"),
        "episodeId,clinicId,patientId,indication,chronicity,startDate,priorCare,plannedSessions\n"
            + "E1,C1,patient-1,NECK_PAIN,CHRONIC,2025-03-01,HEAT;EXERCISE,12\n"
            + "E2,C1,patient-2,NECK_PAIN,LONG,2025-03-01,,\n");
    Path sessions = Files.writeString(dir.resolve("sessions.csv"),
        "sessionId,episodeId,clinicId,practitionerId,occurredAt,needleCount,cointerventions\n"
            + "S1,E1,C1,P1,2025-03-02T09:30:00Z,6,EXERCISE\n"
            + "S2,E1,C1,P1,2025-03-09T09:30:00Z,six,\n"
            + "\"S3\",E1,C1,P1,2025-03-16T09:30:00+01:00,4,\"EXERCISE;MANUAL_THERAPY\"\n");
    Path outcomes = Files.writeString(dir.resolve("more.ndjson"),
        "{\"type\":\"outcome\",\"episodeId\":\"E1\",\"clinicId\":\"C1\",\"instrument\":\"NDI\",\"timepoint\":"
            + "\"BASELINE\",\"score\":30.5,\"recordedAt\":\"2025-03-02T09:00:00Z\"}\n");
    Path report = dir.resolve("errors.csv");
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = ImportCommand.run(new String[] {"--url", gateway.uri("/").toString(), "--token",
        TestGateway.CLINIC_1, "--errors", report.toString(), "--batch", "2", episodes.toString(),
        sessions.toString(), outcomes.toString()}, new PrintStream(out), new PrintStream(err), null,
        HttpClient.newHttpClient(), d -> { });

    assertThat(code).isEqualTo(ImportCommand.LINES_REJECTED);
    assertThat(gateway.writer.facts()).extracting(Fact::key)
        .containsExactly("C1|E1", "C1|E1|S1", "C1|E1|S3", "C1|E1|NDI|BASELINE");
    Episode e1 = (Episode) gateway.writer.facts().get(0).value();
    assertThat(e1.getPatientPseudonym()).isEqualTo(TestGateway.PSEUDONYMS.pseudonym("patient-1"));
    assertThat(e1.getPriorCare()).hasSize(2);
    Session s3 = (Session) gateway.writer.facts().get(2).value();
    assertThat(s3.getOccurredAt()).isEqualTo("2025-03-16T08:30:00Z");
    assertThat(Files.readAllLines(report)).hasSize(3).satisfies(lines -> {
      assertThat(lines.get(1)).startsWith(episodes + ",3,chronicity,").contains("ACUTE, SUBACUTE, CHRONIC");
      assertThat(lines.get(2)).startsWith(sessions + ",3,needleCount,").contains("got a string");
    });
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("imported 4 events from 3 file(s)")
        .contains("2 line(s) rejected");
  }

  @Test
  void aClinicTokenImportingAnotherClinicsRowsStops() throws Exception {
    Path sessions = Files.writeString(dir.resolve("sessions.csv"),
        "sessionId,episodeId,clinicId,practitionerId,occurredAt\nS1,E1,C2,P1,2025-03-02T09:30:00Z\n");
    var err = new ByteArrayOutputStream();
    int code = ImportCommand.run(new String[] {"--url", gateway.uri("/").toString(), "--token",
        TestGateway.CLINIC_1, sessions.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err), null, HttpClient.newHttpClient(), d -> { });
    assertThat(code).isEqualTo(ImportCommand.STOPPED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("403").contains("clinic C1 only");
    assertThat(gateway.writer.facts()).isEmpty();
  }
}
