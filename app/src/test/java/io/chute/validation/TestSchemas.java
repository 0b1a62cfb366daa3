package io.chute.validation;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import io.chute.serde.WireFormat;

/** Schemas and records shared by validation tests. */
public final class TestSchemas {
    public static final Schema EVENT = new Schema.Parser().parse("""
            {"type":"record","name":"Event","namespace":"io.test","fields":[
              {"name":"id","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"name","type":["null","string"],"default":null},
              {"name":"amount","type":"int"}]}""");
    public static final Schema EVENT_READER = new Schema.Parser().parse("""
            {"type":"record","name":"Event","namespace":"io.test","fields":[
              {"name":"id","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"amount","type":"long"},
              {"name":"country","type":"string","default":"NL"}]}""");
    public static final Schema EVENT_INCOMPATIBLE_READER = new Schema.Parser().parse("""
            {"type":"record","name":"Event","namespace":"io.test","fields":[
              {"name":"id","type":"string"},
              {"name":"mandatory","type":"string"}]}""");

    private TestSchemas() {
    }

    public static GenericRecord event(String id, long ts, String name, int amount) {
        GenericRecord r = new GenericData.Record(EVENT);
        r.put("id", id);
        r.put("ts", ts);
        r.put("name", name);
        r.put("amount", amount);
        return r;
    }

    public static byte[] framed(int id, GenericRecord record) {
        return WireFormat.encode(id, record.getSchema(), record);
    }
}
