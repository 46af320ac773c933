package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.check.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptSecurityTest {
  @TempDir
  Path dir;

  private Path script;

  @BeforeEach
  void script() throws IOException {
    // the temporary directory is private to this user, and /tmp above it is sticky
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    script = Files.writeString(dir.resolve("check.sh"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static List<String> problems(String command) {
    return ScriptSecurity.problems(command, Optional.empty());
  }

  @Test
  void aSafeScriptIsAccepted() {
    assertEquals(List.of(), problems(script.toString()));
    assertEquals(List.of(), problems(script + " --quick; echo done"));
    assertEquals(List.of(), problems("  MODE=fast " + script + " arg"));
    assertEquals(List.of(), problems("'" + script + "' arg"));
  }

  @Test
  void aWorldWritableScriptIsRefused() throws IOException {
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xrwx"));
    List<String> problems = problems(script + " arg");
    assertTrue(problems.contains("script: " + script + " is writable by others: chmod o-w " + script),
        problems.toString());
  }

  @Test
  void aWritableDirectoryAboveIsRefused() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xrwx"));
    List<String> problems = problems(script.toString());
    assertEquals(List.of("script: " + dir + " is writable by others: chmod o-w " + dir), problems);
  }

  @Test
  void aGroupWritableScriptIsRefusedUnlessTheGroupIsRoot() throws IOException {
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxr-x"));
    String group = Files.readAttributes(script, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
    List<String> problems = problems(script.toString());
    if (group.equals("root")) {
      assertEquals(List.of(), problems);
    } else {
      assertEquals(List.of("script: " + script + " is writable by group " + group + ": chmod g-w " + script), problems);
    }
  }

  @Test
  void aScriptOwnedBySomeoneElseIsRefused() throws IOException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "giving a file away needs root");
    UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(script, nobody);
    List<String> problems = problems(script.toString());
    assertEquals(List.of("script: " + script + " is owned by nobody (expected: root): chown root " + script), problems);
    assertEquals(List.of(), ScriptSecurity.problems(script.toString(), Optional.of("nobody")),
        "its own user may own it");
  }

  @Test
  void aSymbolicLinkIsCheckedAndSoIsItsTarget() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path target = Files.move(script, real.resolve("check.sh"));
    Path link = Files.createSymbolicLink(dir.resolve("link.sh"), target);
    assertEquals(List.of(), problems(link.toString()));
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xrwx"));
    assertEquals(List.of("script: " + real + " is writable by others: chmod o-w " + real), problems(link.toString()));
  }

  @Test
  void aMissingOrNonExecutableScriptIsRefused() throws IOException {
    Path missing = dir.resolve("missing.sh");
    assertEquals(List.of("script: " + missing + " not found"), problems(missing.toString()));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(List.of("script: " + script + " is not executable: chmod +x " + script), problems(script.toString()));
  }

  @Test
  void commandsAreFoundInPathAndBuiltinsNeedNoFile() {
    assertEquals(List.of(), problems("kill -0 $(cat /run/nginx.pid)"));
    assertEquals(List.of(), problems("exit 0"));
    assertEquals(List.of(), problems("[ -f /run/nginx.pid ]"));
    assertEquals(List.of(), problems("if true; then exit 0; fi"));
    assertEquals(List.of(), problems("(exit 0)"));
    assertEquals(List.of(), problems("sh -c 'exit 0'"), "found in PATH, and a system directory is safe");
    List<String> unknown = problems("no-such-command-f4j --check");
    assertEquals(1, unknown.size(), unknown.toString());
    assertTrue(unknown.get(0).startsWith("script: \"no-such-command-f4j\" not found in PATH"), unknown.toString());
  }

  @Test
  void relativePathsAndExpansionsAreRefused() {
    assertTrue(problems("./check.sh").get(0).contains("is a relative path"));
    assertTrue(problems("$HOME/check.sh").get(0).contains("uses shell expansion"));
    assertTrue(problems(" ").get(0).contains("command missing"));
  }

  @Test
  void buildingACheckReportsTheProblems() throws IOException {
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xrwx"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Check.builder("unsafe").script(script + " --quick").build());
    assertEquals(List.of("script: " + script + " is writable by others: chmod o-w " + script), e.problems());
  }

  @Test
  void anUnknownUserIsRefused() {
    // (when these tests run as a user other than root, its files are reported too: not that user's)
    List<String> problems = ScriptSecurity.problems(script.toString(), Optional.of("no-such-user-f4j"));
    assertEquals("script: user \"no-such-user-f4j\" not found (expected: a user known to this host)",
        problems.get(0));
  }
}
