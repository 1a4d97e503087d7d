package io.kubetriage.core.etcd.backup;

import java.nio.ByteBuffer;

/**
 * Decodes etcd's {@code mvccpb.KeyValue} protobuf message (wire format) in place: {@code 1 key
 * bytes, 2 create_revision int64, 3 mod_revision int64, 4 version int64, 5 value bytes, 6 lease
 * int64}. Unknown fields are skipped. One instance is reused for every entry of a scan; it is not
 * thread-safe.
 */
final class KeyValueDecoder {

    /** Why a message could not be decoded. */
    static final class MalformedException extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_FIXED32 = 5;

    private ByteBuffer buffer;
    private int position;
    private int end;

    int keyOffset;
    int keyLength;
    int valueOffset;
    int valueLength;
    long createRevision;
    long modRevision;
    long version;
    long lease;

    /** Decodes the whole of {@code message} (position to limit). */
    void decode(ByteBuffer message) throws MalformedException {
        buffer = message;
        position = message.position();
        end = message.limit();
        keyOffset = position;
        keyLength = 0;
        valueOffset = position;
        valueLength = 0;
        createRevision = 0;
        modRevision = 0;
        version = 0;
        lease = 0;
        while (position < end) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (tag >>> 3 > Integer.MAX_VALUE || field == 0) {
                throw new MalformedException("invalid field number " + (tag >>> 3));
            }
            switch (wireType) {
                case WIRE_VARINT -> {
                    long number = varint();
                    switch (field) {
                        case 2 -> createRevision = number;
                        case 3 -> modRevision = number;
                        case 4 -> version = number;
                        case 6 -> lease = number;
                        case 1, 5 -> throw new MalformedException("field " + field + " is a number, not bytes");
                        default -> {
                            // an unknown field
                        }
                    }
                }
                case WIRE_LENGTH_DELIMITED -> {
                    long length = varint();
                    if (length > end - position) {
                        throw new MalformedException("field " + field + " claims " + length + " bytes, "
                                + (end - position) + " remain");
                    }
                    switch (field) {
                        case 1 -> {
                            keyOffset = position;
                            keyLength = (int) length;
                        }
                        case 5 -> {
                            valueOffset = position;
                            valueLength = (int) length;
                        }
                        case 2, 3, 4, 6 -> throw new MalformedException("field " + field + " is bytes, not a number");
                        default -> {
                            // an unknown field
                        }
                    }
                    position += (int) length;
                }
                case WIRE_FIXED64 -> skip(field, 8);
                case WIRE_FIXED32 -> skip(field, 4);
                default -> throw new MalformedException("field " + field + " has unsupported wire type " + wireType);
            }
        }
    }

    private void skip(int field, int length) throws MalformedException {
        if (field <= 6) {
            throw new MalformedException("field " + field + " has a fixed-size encoding");
        }
        if (length > end - position) {
            throw new MalformedException("field " + field + " is cut off");
        }
        position += length;
    }

    private long varint() throws MalformedException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new MalformedException("a varint is cut off at byte " + (position - buffer.position()));
            }
            byte b = buffer.get(position++);
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new MalformedException("a varint is longer than 10 bytes");
    }

    byte[] key() {
        byte[] copy = new byte[keyLength];
        buffer.get(keyOffset, copy);
        return copy;
    }

    byte[] value() {
        byte[] copy = new byte[valueLength];
        buffer.get(valueOffset, copy);
        return copy;
    }

    boolean keyStartsWith(byte[] prefix) {
        return keyLength >= prefix.length && BoltCursor.compare(buffer, keyOffset, prefix.length, prefix) == 0;
    }

    boolean keyEquals(byte[] key) {
        return keyLength == key.length && BoltCursor.compare(buffer, keyOffset, keyLength, key) == 0;
    }
}
