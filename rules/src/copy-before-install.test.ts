import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-before-install.js";

new RuleTester().run(rule, {
  valid: [
    "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n",
    "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    "FROM node:22\nCOPY --from=build /app /app\nRUN npm ci\n",
    "FROM node:22\nCOPY . .\nRUN npm run build\n",
    "FROM node:22 AS deps\nCOPY . .\nFROM node:22\nRUN npm ci\n",
    {
      name: "the Gradle wrapper files copied first, as the message asks",
      code: "FROM eclipse-temurin:21\nCOPY gradlew settings.gradle build.gradle ./\nCOPY gradle gradle\nRUN ./gradlew dependencies\nCOPY src src\n",
    },
    { name: "the Maven wrapper", code: "FROM eclipse-temurin:21\nCOPY mvnw pom.xml ./\nCOPY .mvn .mvn\nRUN ./mvnw dependency:go-offline\n" },
    { name: "a named package, not the project's dependencies", code: "FROM node:22\nCOPY . .\nRUN npm install -g pnpm@9 && pnpm run build\n" },
    { name: "npm install of a named package", code: "FROM node:22\nCOPY . .\nRUN npm install express\n" },
    {
      name: "commands of those tools that install no dependencies",
      code:
        "FROM node:22\nCOPY . .\nRUN npm test && pnpm run build && pnpm add left-pad && yarn add left-pad && pip install flask && pip3 download -r requirements.txt" +
        " && python -m pip list -r x && python3 -m venv -r x && python setup.py -r x && poetry add flask && uv run app && uv pip list && bundle exec rake" +
        " && go build ./... && go mod tidy && cargo run && composer require x && mvn package && ./mvnw -q verify\n",
    },
    { name: "npm install --global", code: "FROM node:22\nCOPY . .\nRUN npm install --global\n" },
    {
      name: "files, globs and variables are not the source tree; neither are the manifests and build files",
      code: "FROM python:3.12\nCOPY main.py *.json $SRC Gemfile Pipfile Makefile Procfile LICENSE Containerfile patches gradle ./\nCOPY app/setup.cfg lib/*.py ./\nRUN pip install -r requirements.txt\n",
    },
    { name: "an install before the copy", code: "FROM node:22\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n" },
    { name: "a copy in another stage", code: "FROM node:22\nCOPY . .\nFROM node:22\nCOPY package.json ./\nRUN npm ci\n" },
    { name: "npm install -g without a package", code: "FROM node:22\nCOPY . .\nRUN npm install -g\n" },
    { name: "a pnpm subcommand that installs nothing", code: "FROM node:22\nCOPY . .\nRUN pnpm test\n" },
    {
      name: "python running a script or a module other than pip, and a package whose name holds -r",
      code: "FROM python:3.12\nCOPY . .\nRUN python pip install -r requirements.txt && python3 -m pipx install -r requirements.txt && pip install flask-restful\n",
    },
    { name: "uv and go subcommands other than the installs", code: "FROM python:3.12\nCOPY . .\nRUN uv tool install ruff && go build download\n" },
    { name: "a file named from the context's root", code: "FROM python:3.12\nCOPY /app.py ./\nRUN pip install -r requirements.txt\n" },
    {
      name: "a word read as BuildKit reads it: quotes inside it removed, a variable without a known value not taken for the source",
      code: 'FROM ruby:3.3\nARG SRC\nCOPY Gem"file" \'Gemfile\'".lock" $SRC ${SRC}/ ./\nRUN bundle install\n',
    },
  ],
  invalid: [
    {
      code: "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
      errors: [{ messageId: "copiedFirst", line: 3, column: 6, endColumn: 7, data: { keyword: "COPY", source: ".", install: "npm ci", line: 4, manifests: "package.json package-lock.json" } }],
    },
    { code: "FROM python:3.12\nADD . /app\nRUN python -m pip install -r /app/requirements.txt\n", errors: [{ messageId: "copiedFirst", data: { manifests: "requirements.txt", keyword: "ADD", source: ".", install: "python -m pip install -r /app/requirements.txt", line: 3 } }] },
    { code: "FROM golang:1.23\nCOPY src/ /src/\nRUN go mod download\n", errors: [{ messageId: "copiedFirst" }] },
    { code: "FROM rust:1.80\nCOPY . .\nRUN cargo build --release\n", errors: [{ messageId: "copiedFirst" }] },
    { code: "FROM ruby:3.3\nCOPY app /app\nRUN bundle install\n", errors: [{ messageId: "copiedFirst" }] },
    {
      name: "the global tool is skipped, the project install it runs next is not",
      code: "FROM node:22\nCOPY . .\nRUN npm install -g pnpm@9 && pnpm install\n",
      errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "pnpm install", line: 3, manifests: "package.json pnpm-lock.yaml" } }],
    },
    { name: "npm install with only options", code: "FROM node:22\nCOPY . .\nRUN npm install --omit dev\n", errors: [{ messageId: "copiedFirst" }] },
    { name: "npm i", code: "FROM node:22\nCOPY . .\nRUN npm i\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "npm i", line: 3, manifests: "package.json package-lock.json" } }] },
    { name: "pnpm i", code: "FROM node:22\nCOPY . .\nRUN pnpm i\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "pnpm i", line: 3, manifests: "package.json pnpm-lock.yaml" } }] },
    { name: "pnpm fetch", code: "FROM node:22\nCOPY . .\nRUN pnpm fetch\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "pnpm fetch", line: 3, manifests: "package.json pnpm-lock.yaml" } }] },
    { name: "yarn alone", code: "FROM node:22\nCOPY . .\nRUN yarn\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "yarn", line: 3, manifests: "package.json yarn.lock" } }] },
    { name: "yarn install", code: "FROM node:22\nCOPY . .\nRUN yarn install --frozen-lockfile\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "yarn install --frozen-lockfile", line: 3, manifests: "package.json yarn.lock" } }] },
    { name: "pip3 with --requirement", code: "FROM python:3.12\nCOPY . .\nRUN pip3 install --requirement=requirements.txt\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "pip3 install --requirement=requirements.txt", line: 3, manifests: "requirements.txt" } }] },
    { name: "pip with -r joined to its file", code: "FROM python:3.12\nCOPY . .\nRUN pip install -rrequirements.txt\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "pip install -rrequirements.txt", line: 3, manifests: "requirements.txt" } }] },
    { name: "python3 -m pip", code: "FROM python:3.12\nCOPY . .\nRUN python3 -m pip install -r requirements.txt\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "python3 -m pip install -r requirements.txt", line: 3, manifests: "requirements.txt" } }] },
    { name: "poetry install", code: "FROM python:3.12\nCOPY . .\nRUN poetry install\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "poetry install", line: 3, manifests: "pyproject.toml poetry.lock" } }] },
    { name: "poetry sync", code: "FROM python:3.12\nCOPY . .\nRUN poetry sync\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "poetry sync", line: 3, manifests: "pyproject.toml poetry.lock" } }] },
    { name: "uv sync", code: "FROM python:3.12\nCOPY . .\nRUN uv sync\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "uv sync", line: 3, manifests: "pyproject.toml uv.lock" } }] },
    { name: "uv pip install", code: "FROM python:3.12\nCOPY . .\nRUN uv pip install -r requirements.txt\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "uv pip install -r requirements.txt", line: 3, manifests: "pyproject.toml uv.lock" } }] },
    { name: "bundle install", code: "FROM ruby:3.3\nCOPY . .\nRUN bundle install\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "bundle install", line: 3, manifests: "Gemfile Gemfile.lock" } }] },
    { name: "go mod download", code: "FROM golang:1.23\nCOPY . .\nRUN go mod download\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "go mod download", line: 3, manifests: "go.mod go.sum" } }] },
    { name: "cargo fetch", code: "FROM rust:1.80\nCOPY . .\nRUN cargo fetch\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "cargo fetch", line: 3, manifests: "Cargo.toml Cargo.lock" } }] },
    { name: "composer install", code: "FROM composer:2\nCOPY . .\nRUN composer install\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "composer install", line: 3, manifests: "composer.json composer.lock" } }] },
    { name: "mvn dependency:go-offline", code: "FROM maven:3\nCOPY . .\nRUN mvn -B dependency:go-offline\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "mvn -B dependency:go-offline", line: 3, manifests: "pom.xml" } }] },
    { name: "the Maven wrapper", code: "FROM eclipse-temurin:21\nCOPY . .\nRUN mvnw dependency:resolve\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "mvnw dependency:resolve", line: 3, manifests: "pom.xml" } }] },
    { name: "gradle", code: "FROM gradle:8\nCOPY . .\nRUN gradle build\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "gradle build", line: 3, manifests: "build.gradle settings.gradle gradle/" } }] },
    { name: "the Gradle wrapper", code: "FROM eclipse-temurin:21\nCOPY . .\nRUN gradlew dependencies\n", errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "gradlew dependencies", line: 3, manifests: "build.gradle settings.gradle gradle/" } }] },
    {
      name: "each kind of whole-source word, quoted or not",
      code: 'FROM node:22\nCOPY ./ /a/\nCOPY * /b/\nCOPY ./* /c/\nCOPY "." /d/\nCOPY lib/ /e/\nCOPY \'src\' /f/\nRUN npm ci\n',
      errors: [
        { messageId: "copiedFirst", line: 2, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: "./", line: 8 } },
        { messageId: "copiedFirst", line: 3, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: "*", line: 8 } },
        { messageId: "copiedFirst", line: 4, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: "./*", line: 8 } },
        { messageId: "copiedFirst", line: 5, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: '"."', line: 8 } },
        { messageId: "copiedFirst", line: 6, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: "lib/", line: 8 } },
        { messageId: "copiedFirst", line: 7, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: "'src'", line: 8 } },
      ],
    },
    {
      name: "the first whole-source word of a COPY, and each COPY reported once, at the first install after it",
      code: "FROM node:22\nCOPY package.json src ./\nCOPY --chown=1 . .\nRUN npm ci\nRUN npm ci\n",
      errors: [
        { messageId: "copiedFirst", line: 2, column: 19, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: "src", line: 4 } },
        { messageId: "copiedFirst", line: 3, data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: ".", line: 4 } },
      ],
    },
    {
      name: "the first install of the RUN, its text on one line",
      code: "FROM node:22\nCOPY . .\nRUN echo hi &&   npm  ci &&\\\n  yarn install\n",
      errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", install: "npm ci", manifests: "package.json package-lock.json", source: ".", line: 3 } }],
    },
    {
      name: "python -m pip after another option",
      code: "FROM python:3.12\nCOPY . .\nRUN python -u -m pip install -r requirements.txt\n",
      errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "python -u -m pip install -r requirements.txt", line: 3, manifests: "requirements.txt" } }],
    },
    {
      name: "a Maven dependency goal after another goal",
      code: "FROM maven:3\nCOPY . .\nRUN mvn clean dependency:resolve\n",
      errors: [{ messageId: "copiedFirst", data: { keyword: "COPY", source: ".", install: "mvn clean dependency:resolve", line: 3, manifests: "pom.xml" } }],
    },
    {
      name: "a COPY --from of a directory is not reported, a COPY of the source after it is",
      code: "FROM node:22\nCOPY --from=build /app /app\nCOPY . .\nRUN npm ci\n",
      errors: [{ messageId: "copiedFirst", line: 3 }],
    },
    {
      name: "an install between two copies of the source",
      code: "FROM node:22\nCOPY . .\nRUN npm ci\nCOPY lib lib\n",
      errors: [{ messageId: "copiedFirst", line: 2 }],
    },
    {
      name: "a stage after one without such a COPY",
      code: "FROM node:22 AS a\nRUN npm ci\nFROM node:22\nCOPY . .\nRUN npm ci\n",
      errors: [{ messageId: "copiedFirst", line: 4 }],
    },
    {
      name: "a variable whose value is a directory, and a directory with a quote inside its name",
      code: 'FROM ruby:3.3\nARG SRC=app\nCOPY $SRC /app/\nCOPY li"b" /lib/\nRUN bundle install\n',
      errors: [
        { messageId: "copiedFirst", line: 3, data: { keyword: "COPY", source: "$SRC", install: "bundle install", line: 5, manifests: "Gemfile Gemfile.lock" } },
        { messageId: "copiedFirst", line: 4, data: { keyword: "COPY", source: 'li"b"', install: "bundle install", line: 5, manifests: "Gemfile Gemfile.lock" } },
      ],
    },
  ],
});
