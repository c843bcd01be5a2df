package org.dnregistry.streams.episodes;

import org.dnregistry.avro.Profession;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/** The reference data the session flags read: every clinic and practitioner, held by every episode task. */
public interface References {

  /** The clinic, null when unknown. */
  Clinic clinic(String clinicId);

  /** The practitioner, null when unknown. */
  Practitioner practitioner(String practitionerId);

  /** What the rules need of a clinic record. */
  record Clinic(String state) {
    public static Clinic of(org.dnregistry.avro.Clinic c) {
      return new Clinic(c.getState());
    }

    public byte[] toBytes() {
      return new BinaryWriter(8).writeString(state).toByteArray();
    }

    public static Clinic fromBytes(byte[] bytes) {
      return new Clinic(new BinaryReader(bytes).readString());
    }
  }

  /** What the rules need of a practitioner record. */
  record Practitioner(String clinicId, Profession profession, double trainingHours) {
    public static Practitioner of(org.dnregistry.avro.Practitioner p) {
      return new Practitioner(p.getClinicId(), p.getProfession(), p.getTrainingHours());
    }

    public byte[] toBytes() {
      return new BinaryWriter(16).writeString(clinicId).writeUnsigned(profession.ordinal())
          .writeDouble(trainingHours).toByteArray();
    }

    public static Practitioner fromBytes(byte[] bytes) {
      var in = new BinaryReader(bytes);
      return new Practitioner(in.readString(), Profession.values()[in.readUnsignedInt()], in.readDouble());
    }
  }
}
