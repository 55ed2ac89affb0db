import { dump, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { FmtError, formatDockerfile } from "./format.js";
import type { FmtOptions } from "./options.js";

function fmt(lines: string[], options?: Partial<FmtOptions>): string[] {
  return formatDockerfile(lines.join("\n") + "\n", options).text.split("\n").slice(0, -1);
}

describe("instructions", () => {
  test("keywords, AS and the blanks between the keyword, flags and FROM's words", () => {
    expect(fmt(["  from   --platform=$BUILDPLATFORM   golang:1.22   as   Build", "run  --mount=type=cache,target=/c   --network=none   make"])).toEqual([
      "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build",
      "RUN --mount=type=cache,target=/c --network=none make",
    ]);
    expect(fmt(["FROM a AS b", "RUN x"], { keywordCase: "lower" })).toEqual(["from a as b", "run x"]);
    expect(fmt(["From a As b", "Run x"], { keywordCase: "preserve" })).toEqual(["From a As b", "Run x"]);
  });

  test("flag order and flag text are kept", () => {
    expect(fmt(["FROM a", "COPY  --link --chown='app:app'  --from=b  /src  /dst"])).toEqual(["FROM a", "COPY --link --chown='app:app' --from=b /src /dst"]);
  });

  test("exec form: one blank after each comma, none inside the brackets; strings as written", () => {
    expect(fmt(["FROM a", 'CMD [ "python3" ,"-c","print(\\"hi\\")" ]', 'HEALTHCHECK CMD ["curl","-f", "http://x/"]', 'SHELL ["/bin/bash","-c"]'])).toEqual([
      "FROM a",
      'CMD ["python3", "-c", "print(\\"hi\\")"]',
      'HEALTHCHECK CMD ["curl", "-f", "http://x/"]',
      'SHELL ["/bin/bash", "-c"]',
    ]);
  });

  test("text that only looks like JSON is a shell command, kept as written", () => {
    expect(fmt(["FROM a", "CMD [ 'single' ,'quotes' ]", 'RUN [ "a" , "b" ]  x'])).toEqual(["FROM a", "CMD [ 'single' ,'quotes' ]", 'RUN [ "a" , "b" ]  x']);
  });

  test("blanks between words are normalized only where BuildKit splits without regard to quotes", () => {
    expect(fmt(["FROM a", "COPY  a   b   /c/", "EXPOSE 80   443/udp", 'ENV A="x  y"   B=2', "RUN echo  a   b"])).toEqual([
      "FROM a",
      "COPY a b /c/",
      "EXPOSE 80 443/udp",
      'ENV A="x  y"   B=2',
      "RUN echo  a   b",
    ]);
  });
});

describe("continuation lines", () => {
  test("flags and key=value lines are re-indented; blanks after the escape are dropped", () => {
    expect(
      fmt(["FROM a", "RUN --mount=type=cache,target=/c \\  ", "        --mount=type=secret,id=x \\", "  make", "ENV A=1 \\", "B=2 \\", "\t\tC=3"]),
    ).toEqual(["FROM a", "RUN --mount=type=cache,target=/c \\", "    --mount=type=secret,id=x \\", "    make", "ENV A=1 \\", "    B=2 \\", "    C=3"]);
  });

  test("a shell command's continuation lines keep their whitespace: it is part of the command", () => {
    const lines = ["FROM a", "RUN apt-get update \\", "  && apt-get install -y \\", "\t\tcurl \\", "  && rm -rf /var/lib/apt/lists/*"];
    expect(fmt(lines)).toEqual(lines);
    const { ast } = parse(lines.join("\n"));
    expect(dump(ast)).toContain('"apt-get update   && apt-get install -y \\t\\tcurl   && rm -rf /var/lib/apt/lists/*"');
  });

  test("the indentation option: spaces or a tab", () => {
    expect(fmt(["FROM a", "ENV A=1 \\", "  B=2"], { indent: 2 })).toEqual(["FROM a", "ENV A=1 \\", "  B=2"]);
    expect(fmt(["FROM a", "ENV A=1 \\", "  B=2"], { indent: "tab" })).toEqual(["FROM a", "ENV A=1 \\", "\tB=2"]);
  });

  test("a quoted value across lines keeps its lines as written", () => {
    const lines = ["FROM a", 'ENV A="x \\', '     y" \\', "   B=2"];
    expect(fmt(lines)).toEqual(lines);
  });

  test("exec form across lines", () => {
    expect(fmt(["FROM a", "CMD [ \"a\" ,\\", '  "b" ]'])).toEqual(["FROM a", 'CMD ["a",\\', '    "b"]']);
  });

  test("comment lines inside an instruction are kept; empty continuation lines lose their blanks", () => {
    expect(fmt(["FROM a", "RUN --mount=x \\", "  # why", "   ", "  make"])).toEqual(["FROM a", "RUN --mount=x \\", "  # why", "", "    make"]);
  });

  test("the escape directive's character", () => {
    expect(formatDockerfile("# escape=`\nFROM a\nENV A=1 `\n B=2\n").text).toBe("# escape=`\nFROM a\nENV A=1 `\n    B=2\n");
  });
});

describe("what is never touched", () => {
  test("comments, directives, heredoc bodies, ONBUILD triggers and unknown instructions", () => {
    const lines = [
      "# syntax=docker/dockerfile:1",
      "  #   a comment   ",
      "FROM a",
      "COPY <<EOF   /etc/conf  ",
      "  indented  ",
      "\ttabbed",
      "EOF",
      "onbuild   RUN  echo   x",
      "FROOM b   c",
    ];
    expect(fmt(lines)).toEqual([
      "# syntax=docker/dockerfile:1",
      "  #   a comment   ",
      "FROM a",
      "COPY <<EOF /etc/conf",
      "  indented  ",
      "\ttabbed",
      "EOF",
      "ONBUILD RUN  echo   x",
      "FROOM b   c",
    ]);
  });
});

describe("lines", () => {
  test("one blank line between stages, above the comments that lead into a stage", () => {
    expect(fmt(["FROM a AS one", "RUN x", "# the second stage", "FROM b", "RUN y", "", "", "", "FROM c"])).toEqual([
      "FROM a AS one",
      "RUN x",
      "",
      "# the second stage",
      "FROM b",
      "RUN y",
      "",
      "FROM c",
    ]);
    expect(fmt(["FROM a", "FROM b"], { blankLineBetweenStages: false })).toEqual(["FROM a", "FROM b"]);
  });

  test("runs of blank lines shrink to one; none at the end; a last line gets its line end", () => {
    expect(formatDockerfile("FROM a\n\n\n\nRUN x\n\n\n").text).toBe("FROM a\n\nRUN x\n");
    expect(formatDockerfile("FROM a\nRUN x").text).toBe("FROM a\nRUN x\n");
    expect(formatDockerfile("FROM a\r\nRUN x \\\r\n  y\r\n\r\n\r\n").text).toBe("FROM a\r\nRUN x \\\r\n  y\r\n");
  });

  test("a blank line that keeps a comment from being a parser directive stays", () => {
    const text = "\n# escape=`\nFROM a\n";
    expect(formatDockerfile(text).text).toBe(text);
  });
});

describe("results and errors", () => {
  test("changed says whether anything changed; the output formats to itself", () => {
    const first = formatDockerfile("from a\nrun  x\n");
    expect(first).toEqual({ text: "FROM a\nRUN x\n", changed: true });
    expect(formatDockerfile(first.text)).toEqual({ text: first.text, changed: false });
  });

  test("a file BuildKit cannot parse is refused with the position of the problem", () => {
    const error = (() => {
      try {
        formatDockerfile("FROM a\nCMD [\"a\", 1]\n");
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FmtError);
    expect(error).toMatchObject({ code: "DFB_FMT_SYNTAX", line: 2, column: 5 });
    expect((error as Error).message).toBe("2:5: when using JSON array syntax, arrays must be comprised of strings only (BuildKit cannot parse the file: fix this before formatting it)");
  });
});
