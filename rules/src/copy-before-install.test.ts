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
  ],
});
