// EPUBCheck for many books in one Java process (tests/epubcheckrun.py starts it).
//
// Each line on stdin is "BOOK<TAB>REPORT": the book is checked with EPUBCheck's own API and default
// profile, its JSON report (the same CheckingReport the command line writes for `--json`) goes to
// REPORT, and "done" is printed. Starting Java and loading EPUBCheck's schemas takes most of a
// command-line run on a small book; here that happens once per test process.
// Compiled once per test run with javac; started as: java -cp epubcheck.jar:CLASSES EpubCheckBatch

import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

public class EpubCheckBatch {
  public static void main(String[] args) throws Exception {
    BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = requests.readLine()) != null) {
      String[] paths = line.split("\t", 2);
      File book = new File(paths[0]);
      try (PrintWriter out = new PrintWriter(new File(paths[1]), StandardCharsets.UTF_8)) {
        CheckingReport report = new CheckingReport(out, book.getPath());
        report.initialize();
        new EpubCheck(book, report).check();
        report.generate();
      }
      System.out.println("done");
      System.out.flush();
    }
  }
}
