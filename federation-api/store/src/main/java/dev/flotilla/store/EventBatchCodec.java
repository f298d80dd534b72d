package dev.flotilla.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a run of committed events (consecutive revisions) as one byte array, the item type of the Hazelcast
 * ringbuffer: Hazelcast stores {@code byte[]} as is, so no Java serialization and no class on the other member.
 */
final class EventBatchCodec {

    private static final int FORMAT = 1;
    private static final WatchEvent.Type[] TYPES = WatchEvent.Type.values();

    private EventBatchCodec() {
    }

    static byte[] encode(List<WatchEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + events.size() * 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(events.size());
            for (WatchEvent event : events) {
                StoredObject object = event.object();
                out.writeByte(event.type().ordinal());
                out.writeUTF(object.key().path());
                out.writeLong(object.createRevision());
                out.writeLong(object.modRevision());
                out.writeInt(object.value().length);
                out.write(object.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<WatchEvent> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown event batch format " + format);
            }
            int count = in.readInt();
            List<WatchEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                WatchEvent.Type type = TYPES[in.readByte()];
                ObjectKey key = Keys.parse(in.readUTF());
                long createRevision = in.readLong();
                long modRevision = in.readLong();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                events.add(new WatchEvent(type, new StoredObject(key, createRevision, modRevision, value)));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
