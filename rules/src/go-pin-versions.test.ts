import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./go-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2 github.com/go-delve/delve/cmd/dlv@8a2b7c1\n",
    "FROM golang:1.23\nRUN go install -ldflags '-s -w' -tags netgo github.com/org/tool@v1.2.3\n",
    "FROM golang:1.23\nRUN go install . && go install ./cmd/... && go install -v /src/cmd/app && go build ./...\n",
    "FROM golang:1.23\nRUN go get ./... && go get && go mod download && go get -tool mytool\n",
    "FROM golang:1.23\nRUN go run main.go && go run ./cmd/gen -out x && go run golang.org/x/tools/cmd/stringer@v0.24.0 -type=Kind\n",
    "FROM golang:1.23\nRUN go get github.com/old/dep@none\n",
    { code: "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go install github.com/org/tool ./cmd/x && go run github.com/org/gen\n", name: "without a version, go install and go run use the module's go.mod" },
    "FROM golang:1.23\nRUN go install github.com/org/tool@${TOOL_VERSION}\n",
    { code: "FROM golang:1.23\nRUN go install github.com/org/tool@upgrade\n", preset: "hadolint" },
    { code: "FROM golang:1.23\nRUN go list -m -json example.com/pkg@latest && go build example.com/pkg\n", name: "only install, get and run fetch" },
    { code: "FROM golang:1.23\nRUN go get -modfile=tools.mod example.com/x@v1.0.0\n", name: "a flag is no package, with its value after = or not" },
    { code: "FROM golang:1.23\nRUN go get --modfile tools.mod -C /src example.com/x@v1.0.0\n", name: "a valued flag with two dashes takes the next word" },
    { code: "FROM golang:1.23\nRUN go get -modfile tools.mod example.com/x@v1.0.0 && go get ./cmd/x\n", name: "a valued flag with one dash takes the next word; a relative path is local" },
    { code: "FROM golang:1.23\nRUN apt-get install -y golang && go install tool\n", preset: "hadolint", name: "hadolint reads only go's words, and not the tool pattern" },
    { code: "FROM golang:1.23\nRUN go run example.com/gen@v1.0.0 example.com/other@latest\n", name: "the words after go run's package are the program's arguments" },
    { code: "FROM golang:1.23\nRUN go install . && go install /src/app && go install ./cmd/x && go install example.com/y@v1.2.3\n", preset: "hadolint" },
    {
      code: "FROM golang:1.23\nRUN go install example.com/a@latest && go run ./gen\n",
      preset: "hadolint",
      name: "hadolint reads only go run's package when the RUN has one",
    },
  ],
  invalid: [
    {
      code: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n",
      errors: [{ messageId: "unpinned", line: 2, column: 16, endColumn: 47, data: { verb: "install", packages: "golang.org/x/tools/gopls@latest", example: "golang.org/x/tools/gopls" } }],
    },
    { code: "FROM golang:1.23\nRUN go get github.com/org/tool\n", errors: [{ messageId: "unpinned", data: { verb: "get", packages: "github.com/org/tool", example: "github.com/org/tool" } }] },
    { code: "FROM golang:1.23\nRUN go install -trimpath github.com/org/tool@patch\n", errors: [{ messageId: "unpinned", data: { verb: "install", packages: "github.com/org/tool@patch", example: "github.com/org/tool" } }] },
    { code: "FROM golang:1.23\nRUN go get -u github.com/org/dep@upgrade\n", errors: [{ messageId: "unpinned", data: { verb: "get", packages: "github.com/org/dep@upgrade", example: "github.com/org/dep" } }] },
    { code: "FROM golang:1.23\nRUN go run github.com/org/gen@latest arg1\n", errors: [{ messageId: "unpinned", data: { verb: "run", packages: "github.com/org/gen@latest", example: "github.com/org/gen" } }] },
    { code: 'FROM golang:1.23\nRUN ["go", "get", "example.com/pkg"]\n', errors: [{ messageId: "unpinned" }] },
    { code: "FROM golang:1.23\nONBUILD RUN go install example.com/pkg@latest\n", errors: [{ messageId: "unpinned", line: 2 }] },
    { code: "FROM golang:1.23\nRUN go install example.com/pkg@latest\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { verb: "install", packages: "example.com/pkg@latest", example: "example.com/pkg" } }] },
    { code: "FROM golang:1.23\nRUN go install -tags netgo example.com/pkg@v1.2.3\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { verb: "install", packages: "netgo", example: "netgo" } }] },
    { code: "FROM golang:1.23\nRUN go get -tool foobar\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { code: "FROM golang:1.23\nRUN go install example.com/pkg\n", preset: "hadolint", errors: [{ messageId: "unpinned" }] },
    { code: "FROM golang:1.23\nRUN go install example.com/a@v1.0.0 example.com/b@latest\n", errors: [{ messageId: "unpinned", data: { verb: "install", packages: "example.com/b@latest", example: "example.com/b" } }] },
    { code: "FROM golang:1.23\nRUN go install example.com/pkg@\n", errors: [{ messageId: "unpinned", data: { verb: "install", packages: "example.com/pkg@", example: "example.com/pkg" } }] },
    {
      code: "FROM golang:1.23\nRUN go mod download && go run -race example.com/gen@latest -out x\n",
      preset: "hadolint",
      errors: [{ messageId: "unpinned", line: 2, column: 24, endColumn: 66, data: { verb: "run", packages: "example.com/gen@latest", example: "example.com/gen" } }],
    },
    {
      code: "FROM golang:1.23\nRUN go install example.com/a@latest example.com/b && go get example.com/c@v1\n",
      preset: "hadolint",
      errors: [{ messageId: "unpinned", column: 5, endColumn: 50, data: { verb: "install", packages: "example.com/a@latest, example.com/b", example: "example.com/a" } }],
    },
    { code: "FROM golang:1.23\nRUN go get example.com/dep@none\n", preset: "hadolint", name: "hadolint counts @none as unpinned", errors: [{ messageId: "unpinned", data: { verb: "install", packages: "example.com/dep@none", example: "example.com/dep" } }] },
  ],
});
