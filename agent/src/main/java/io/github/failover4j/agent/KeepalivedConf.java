package io.github.failover4j.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A keepalived.conf as keepalived reads it: lines of words, {@code #} and {@code !} comments to the
 * end of the line, {@code "} and {@code '} quotes (removed, the whitespace between them kept, with
 * the shell's backslash escapes), {@code {} and {@code }} as words of their own, and {@code include}
 * (and its variants {@code includer}, {@code includem}, …) replaced by the files its pattern matches,
 * in order, a relative pattern starting at the including file's directory. The words form items: a
 * keyword, its arguments, and the block that follows it, each with the file and line it is on.
 * Nothing here knows what a keyword means; {@link KeepalivedImport} does.
 */
final class KeepalivedConf {
  private static final int MAX_DEPTH = 32;
  private static final Set<String> INCLUDES = Set.of("include", "includer", "includem", "includew", "includeb",
      "includea");

  /**
   * Where an item is.
   *
   * @param file the file, as given or as its include pattern resolved it
   * @param line its line, from 1
   */
  record Position(Path file, int line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /**
   * One statement: a keyword with its arguments, and its block if a {@code {} follows.
   *
   * @param keyword the first word
   * @param args the words after it, quotes removed
   * @param block the items of its block, or null without one
   * @param at where the keyword is
   */
  record Item(String keyword, List<String> args, List<Item> block, Position at) {
    Item {
      args = List.copyOf(args);
    }

    boolean hasBlock() {
      return block != null;
    }

    /** The argument at an index, or null. */
    String arg(int index) {
      return index < args.size() ? args.get(index) : null;
    }

    /** The block's items, none without a block. */
    List<Item> items() {
      return block == null ? List.of() : block;
    }
  }

  /**
   * A file read.
   *
   * @param items its top-level items, included files' in place
   * @param problems what could not be read, each {@code FILE:LINE: what}
   */
  record Parsed(List<Item> items, List<String> problems) {}

  /** A line's words, with where it is; quoted braces are words, not braces. */
  private record Line(List<Word> words, Position at) {}

  private record Word(String text, boolean quoted) {
    boolean is(String brace) {
      return !quoted && text.equals(brace);
    }
  }

  private final List<String> problems = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final Deque<Path> reading = new ArrayDeque<>();

  private KeepalivedConf() {}

  /**
   * Reads a keepalived.conf and the files it includes.
   *
   * @param file the file
   * @return its items and the problems of reading it
   */
  static Parsed parse(Path file) {
    KeepalivedConf conf = new KeepalivedConf();
    conf.read(file, null);
    List<Item> items = conf.build();
    return new Parsed(items, List.copyOf(conf.problems));
  }

  /** Reads a file's lines into {@link #lines}, its includes in place. */
  private void read(Path file, Position includedAt) {
    Path real;
    List<String> text;
    try {
      real = file.toRealPath();
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      problems.add((includedAt == null ? file.toString() : includedAt.toString()) + ": cannot read " + file + " ("
          + e.getClass().getSimpleName() + ")");
      return;
    }
    if (reading.contains(real) || reading.size() >= MAX_DEPTH) {
      problems.add(includedAt + ": include " + file + " (not converted: it includes itself)");
      return;
    }
    reading.push(real);
    for (int i = 0; i < text.size(); i++) {
      Position at = new Position(file, i + 1);
      List<Word> words = words(text.get(i), at, true);
      if (!words.isEmpty() && !words.get(0).quoted() && INCLUDES.contains(words.get(0).text())) {
        // found before anything else, as keepalived does: braces are the pattern's
        include(file, words(text.get(i), at, false), at);
      } else if (!words.isEmpty()) {
        lines.add(new Line(words, at));
      }
    }
    reading.pop();
  }

  private void include(Path file, List<Word> words, Position at) {
    if (words.size() != 2) {
      problems.add(at + ": " + words.get(0).text() + " (not converted: expected one file name or pattern)");
      return;
    }
    String pattern = words.get(1).text();
    Path directory = file.getParent() == null ? Path.of("") : file.getParent();
    List<Path> matches = glob(directory, pattern);
    if (matches.isEmpty()) {
      problems.add(at + ": " + words.get(0).text() + " " + pattern + " (not converted: no file matches)");
    }
    matches.forEach(match -> read(match, at));
  }

  /**
   * The files a pattern matches, sorted as glob(3) sorts them: {@code *}, {@code ?}, {@code [...]}
   * and {@code {a,b}} in any part of the path; a leading dot is matched only by a dot.
   */
  static List<Path> glob(Path directory, String pattern) {
    Path path = directory.resolve(pattern);
    if (!hasGlob(pattern)) {
      return Files.exists(path) ? List.of(path) : List.of();
    }
    List<Path> current = List.of(path.isAbsolute() ? path.getRoot() : Path.of(""));
    for (int i = 0; i < path.getNameCount(); i++) {
      String part = path.getName(i).toString();
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (!hasGlob(part)) {
          Path child = dir.resolve(part);
          if (Files.exists(child)) {
            next.add(child);
          }
          continue;
        }
        Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
        if (!Files.isDirectory(listed)) {
          continue;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(listed, part)) {
          for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!name.startsWith(".") || part.startsWith(".")) {
              found.add(dir.resolve(name));
            }
          }
        } catch (IOException | RuntimeException e) {
          continue;
        }
        Collections.sort(found);
        next.addAll(found);
      }
      current = next;
    }
    return current.stream().filter(Files::isRegularFile).toList();
  }

  private static boolean hasGlob(String text) {
    return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** A line's words: comments dropped, quotes removed, braces words of their own. */
  private List<Word> words(String line, Position at, boolean braces) {
    List<Word> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && i + 1 < line.length()) {
          i++;
          word.append(escaped(line.charAt(i)));
        } else {
          word.append(c);
        }
      } else if (c == '\\' && i + 1 < line.length()) {
        i++;
        word = word == null ? new StringBuilder() : word;
        word.append(line.charAt(i));
      } else if (c == '"' || c == '\'') {
        quote = c;
        quoted = true;
        word = word == null ? new StringBuilder() : word;
      } else if (c == '#' || c == '!') {
        break;
      } else if (Character.isWhitespace(c) || braces && (c == '{' || c == '}')) {
        if (word != null) {
          words.add(new Word(word.toString(), quoted));
          word = null;
          quoted = false;
        }
        if (!Character.isWhitespace(c)) {
          words.add(new Word(String.valueOf(c), false));
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (quote != 0 && braces) {
      // never the line itself: it may hold a password
      problems.add(at + ": a quote is not closed (read to the end of the line)");
    }
    if (word != null) {
      words.add(new Word(word.toString(), quoted));
    }
    return words;
  }

  private static char escaped(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      default -> c;
    };
  }

  /** The items of the lines read: a {@code {} opens the block of the words before it (or of the item above). */
  private List<Item> build() {
    List<Item> top = new ArrayList<>();
    Deque<List<Item>> blocks = new ArrayDeque<>();
    Deque<Item> owners = new ArrayDeque<>();
    blocks.push(top);
    for (Line line : lines) {
      List<String> statement = new ArrayList<>();
      for (Word word : line.words()) {
        if (word.is("{")) {
          List<Item> block = new ArrayList<>();
          Item owner;
          if (!statement.isEmpty()) {
            owner = new Item(statement.get(0), statement.subList(1, statement.size()), block, line.at());
            blocks.peek().add(owner);
          } else if (!blocks.peek().isEmpty() && !last(blocks.peek()).hasBlock()) {
            // the brace on a line of its own: the block of the item above
            Item above = last(blocks.peek());
            owner = new Item(above.keyword(), above.args(), block, above.at());
            blocks.peek().set(blocks.peek().size() - 1, owner);
          } else {
            problems.add(line.at() + ": { without a keyword (its block is read as unnamed)");
            owner = new Item("{", List.of(), block, line.at());
            blocks.peek().add(owner);
          }
          statement.clear();
          blocks.push(block);
          owners.push(owner);
        } else if (word.is("}")) {
          flush(statement, blocks.peek(), line.at());
          if (owners.isEmpty()) {
            problems.add(line.at() + ": } without a block to close (ignored)");
          } else {
            blocks.pop();
            owners.pop();
          }
        } else {
          statement.add(word.text());
        }
      }
      flush(statement, blocks.peek(), line.at());
    }
    for (Item open : owners) {
      problems.add(open.at() + ": " + open.keyword() + " { is not closed (read to the end of the file)");
    }
    return top;
  }

  private static Item last(List<Item> items) {
    return items.get(items.size() - 1);
  }

  private static void flush(List<String> statement, List<Item> block, Position at) {
    if (!statement.isEmpty()) {
      block.add(new Item(statement.get(0), statement.subList(1, statement.size()), null, at));
      statement.clear();
    }
  }
}
