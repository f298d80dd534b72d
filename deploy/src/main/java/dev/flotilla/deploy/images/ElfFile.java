package dev.flotilla.deploy.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the shared libraries an ELF file needs ({@code DT_NEEDED} of its dynamic section), so that the base image
 * can be checked to hold every library its JRE loads. Only 64-bit little-endian ELF (x86-64, aarch64) is read.
 */
public final class ElfFile {

  private static final int SHT_DYNAMIC = 6;
  private static final long DT_NEEDED = 1;

  private ElfFile() {
  }

  /**
   * The libraries a file needs, if it is a 64-bit little-endian ELF file.
   *
   * @param file any file
   * @return the sonames it needs (empty list for a static ELF file), or empty when it is not such an ELF file
   * @throws IOException when it cannot be read or is a truncated ELF file
   */
  public static Optional<List<String>> neededLibraries(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() < 64) {
        return Optional.empty();
      }
      ByteBuffer header = read(channel, 0, 64);
      if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
        return Optional.empty(); // not ELF, or not 64-bit little-endian
      }
      long sectionHeaders = header.getLong(0x28);
      int entrySize = Short.toUnsignedInt(header.getShort(0x3a));
      int count = Short.toUnsignedInt(header.getShort(0x3c));
      if (sectionHeaders == 0 || count == 0) {
        return Optional.of(List.of());
      }
      ByteBuffer sections = read(channel, sectionHeaders, (long) entrySize * count);
      List<String> needed = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int at = i * entrySize;
        if (sections.getInt(at + 4) != SHT_DYNAMIC) {
          continue;
        }
        long dynamicOffset = sections.getLong(at + 0x18);
        long dynamicSize = sections.getLong(at + 0x20);
        int stringSection = sections.getInt(at + 0x28);
        int stringsAt = stringSection * entrySize;
        ByteBuffer strings = read(channel, sections.getLong(stringsAt + 0x18), sections.getLong(stringsAt + 0x20));
        ByteBuffer dynamic = read(channel, dynamicOffset, dynamicSize);
        for (int entry = 0; entry + 16 <= dynamicSize; entry += 16) {
          long tag = dynamic.getLong(entry);
          if (tag == 0) {
            break;
          }
          if (tag == DT_NEEDED) {
            needed.add(string(strings, (int) dynamic.getLong(entry + 8)));
          }
        }
      }
      return Optional.of(List.copyOf(needed));
    }
  }

  private static ByteBuffer read(FileChannel channel, long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || offset + length > channel.size()) {
      throw new IOException("truncated ELF file: " + length + " bytes at " + offset);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new IOException("truncated ELF file at " + (offset + buffer.position()));
      }
    }
    return buffer.flip();
  }

  private static String string(ByteBuffer strings, int offset) {
    int end = offset;
    while (end < strings.limit() && strings.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - offset];
    strings.get(offset, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
