// Lucene 8's own pipeline on the same JSON Lines as `bahth index`: the comparison point of issue
// 17 (bench/lucene_compare.sh). One thread, Lucene's default IndexWriterConfig, ArabicAnalyzer
// (normalization, Arabic stop words, light stemming) on title and body, the id as one term;
// with --store the title and body are stored too (Lucene's default LZ4 stored fields), as bahth
// stores the article for snippets. The index ends merged into one segment (forceMerge(1)), the
// counterpart of xapian-compact.
//
//   java -cp CLASSPATH LuceneBaseline --store|--no-store INDEX_DIR CORPUS.jsonl.gz...
//   java -cp CLASSPATH LuceneBaseline --update INDEX_DIR ARTICLES.jsonl
//   java -cp CLASSPATH LuceneBaseline --delete INDEX_DIR ID
//   java -cp CLASSPATH LuceneBaseline --update-warm INDEX_DIR ARTICLES.jsonl ROUNDS
//
// Prints one line: articles=N seconds=S articles_per_s=R index_bytes=B. --update and --delete
// are issue 26's live runs on a built --store index (bench/lucene_live.sh): each article
// replaces the one of its id (Lucene's updateDocument, as `bahth index` replaces by id), then
// one commit; they print the CPU of the JVM from opening the writer to its close, which leaves
// out the JVM's start and class loading that the whole process's CPU holds. --update-warm is a
// server's writer: one JVM and one IndexWriter add the articles ROUNDS times under new ids
// (the round's number appended), a commit each, and print each round's CPU; the later rounds
// are Lucene with its code compiled.
// Fields are found as bahth's reader finds them (src/readers/record_reader.cc): the field's own
// name first, then its aliases; unknown fields are ignored.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;

public final class LuceneBaseline {
  private static final List<String> ID_NAMES = List.of("id");
  private static final List<String> TITLE_NAMES = List.of("title", "headline", "head_line");
  private static final List<String> BODY_NAMES = List.of("body", "text", "maintext", "content");

  public static void main(String[] args) throws IOException {
    if (args.length == 3 && (args[0].equals("--update") || args[0].equals("--delete"))) {
      live(args[0], Paths.get(args[1]), args[2]);
      return;
    }
    if (args.length == 4 && args[0].equals("--update-warm")) {
      liveWarm(Paths.get(args[1]), args[2], Integer.parseInt(args[3]));
      return;
    }
    if (args.length < 3 || !(args[0].equals("--store") || args[0].equals("--no-store"))) {
      System.err.println("usage: LuceneBaseline --store|--no-store INDEX_DIR CORPUS.jsonl.gz...\n"
          + "       LuceneBaseline --update INDEX_DIR ARTICLES.jsonl\n"
          + "       LuceneBaseline --delete INDEX_DIR ID");
      System.exit(2);
    }
    Field.Store store = args[0].equals("--store") ? Field.Store.YES : Field.Store.NO;
    Path indexDir = Paths.get(args[1]);
    long start = System.nanoTime();
    long count = 0;
    IndexWriterConfig config = new IndexWriterConfig(new ArabicAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    try (FSDirectory directory = FSDirectory.open(indexDir);
        IndexWriter writer = new IndexWriter(directory, config)) {
      for (int i = 2; i < args.length; ++i) count += indexFile(writer, args[i], store);
      writer.forceMerge(1);
      writer.commit();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("articles=%d seconds=%.2f articles_per_s=%.0f index_bytes=%d%n", count,
        seconds, count / seconds, directoryBytes(indexDir));
  }

  private static void live(String mode, Path indexDir, String what) throws IOException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    long count = 0;
    IndexWriterConfig config = new IndexWriterConfig(new ArabicAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.APPEND);
    try (FSDirectory directory = FSDirectory.open(indexDir);
        IndexWriter writer = new IndexWriter(directory, config)) {
      if (mode.equals("--delete")) {
        writer.deleteDocuments(new Term("id", what));
        count = 1;
      } else {
        count = indexFile(writer, what, Field.Store.YES, true);
      }
      writer.commit();
    }
    System.out.printf("articles=%d op_ms=%.1f op_cpu_ms=%.1f%n", count,
        (System.nanoTime() - start) / 1e6, (os.getProcessCpuTime() - cpuStart) / 1e6);
  }

  private static void liveWarm(Path indexDir, String file, int rounds) throws IOException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    IndexWriterConfig config = new IndexWriterConfig(new ArabicAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.APPEND);
    try (FSDirectory directory = FSDirectory.open(indexDir);
        IndexWriter writer = new IndexWriter(directory, config)) {
      for (int round = 1; round <= rounds; ++round) {
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long count = indexFile(writer, file, Field.Store.YES, true, "#" + round);
        writer.commit();
        System.out.printf("round=%d articles=%d op_ms=%.1f op_cpu_ms=%.1f%n", round, count,
            (System.nanoTime() - start) / 1e6, (os.getProcessCpuTime() - cpuStart) / 1e6);
      }
    }
  }

  private static long indexFile(IndexWriter writer, String file, Field.Store store)
      throws IOException {
    return indexFile(writer, file, store, false);
  }

  private static long indexFile(
      IndexWriter writer, String file, Field.Store store, boolean replaceById) throws IOException {
    return indexFile(writer, file, store, replaceById, "");
  }

  // replaceById: updateDocument by the id term, so an article already held is replaced;
  // idSuffix is appended to every id.
  private static long indexFile(IndexWriter writer, String file, Field.Store store,
      boolean replaceById, String idSuffix) throws IOException {
    long count = 0;
    long lineNumber = 0;
    try (InputStream raw = Files.newInputStream(Paths.get(file));
        BufferedReader lines = new BufferedReader(new InputStreamReader(
            file.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
            StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        ++lineNumber;
        if (line.isBlank()) continue;
        Map<String, String> record;
        try {
          record = new FlatJson(line).object();
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + lineNumber + ": " + e.getMessage(), e);
        }
        Document document = new Document();
        String id = first(record, ID_NAMES) + idSuffix;
        document.add(new StringField("id", id, Field.Store.YES));
        document.add(new TextField("title", first(record, TITLE_NAMES), store));
        document.add(new TextField("body", first(record, BODY_NAMES), store));
        if (replaceById) {
          writer.updateDocument(new Term("id", id), document);
        } else {
          writer.addDocument(document);
        }
        ++count;
      }
    }
    return count;
  }

  private static String first(Map<String, String> record, List<String> names) {
    for (String name : names) {
      String value = record.get(name);
      if (value != null) return value;
    }
    return "";
  }

  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path file : (Iterable<Path>) files::iterator) total += Files.size(file);
      return total;
    }
  }

  // The string members of one JSON object; members of other types (numbers, nested objects,
  // arrays) are parsed and left out. The JDK has no JSON parser, and Debian's would add a jar.
  private static final class FlatJson {
    private final String text;
    private int at = 0;

    FlatJson(String text) {
      this.text = text;
    }

    Map<String, String> object() {
      Map<String, String> members = new HashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        ++at;
        return members;
      }
      while (true) {
        skipSpace();
        String name = string();
        skipSpace();
        expect(':');
        skipSpace();
        if (peek() == '"') {
          members.put(name, string());
        } else {
          skipValue();
        }
        skipSpace();
        char next = next();
        if (next == '}') return members;
        if (next != ',') throw error("expected ',' or '}'");
      }
    }

    private void skipValue() {
      char c = peek();
      if (c == '"') {
        string();
      } else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        ++at;
        skipSpace();
        if (peek() == close) {
          ++at;
          return;
        }
        while (true) {
          skipSpace();
          if (c == '{') {
            string();
            skipSpace();
            expect(':');
            skipSpace();
          }
          skipValue();
          skipSpace();
          char next = next();
          if (next == close) return;
          if (next != ',') throw error("expected ',' or '" + close + "'");
        }
      } else {
        int begin = at;
        while (at < text.length() && "-+.eE0123456789truefalsn".indexOf(text.charAt(at)) >= 0) {
          ++at;
        }
        if (at == begin) throw error("unexpected '" + c + "'");
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') return out.toString();
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char escaped = next();
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) throw error("truncated \\u escape");
            try {
              out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            } catch (NumberFormatException e) {
              throw error("bad \\u escape");
            }
            at += 4;
          }
          default -> throw error("bad escape \\" + escaped);
        }
      }
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) ++at;
    }

    private char peek() {
      if (at >= text.length()) throw error("unexpected end of line");
      return text.charAt(at);
    }

    private char next() {
      char c = peek();
      ++at;
      return c;
    }

    private void expect(char c) {
      if (next() != c) throw error("expected '" + c + "'");
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid JSON at column " + (at + 1) + ": " + what);
    }
  }
}
